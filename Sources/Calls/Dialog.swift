/// One dialog of a call (RFC 3261 §12): identified by the Call-ID and the two
/// tags. An INVITE that forks has several early dialogs, one per To tag of the
/// 1xx and 2xx responses it gets; the one answered is confirmed, the others end.
public struct Dialog: Sendable, Equatable {
    /// The callee's tag (To tag of the responses); nil while only 100 Trying was seen.
    /// A streamed call's dialog reads its tags from the call's text when
    /// asked (see `Call.callID`): ndjson writes them from the bytes.
    public var toTag: String? {
        get { storedToTag ?? deferredTag(deferredTo) }
        set { storedToTag = .some(newValue) }
    }
    /// The caller's tag (From tag of the INVITE).
    public var fromTag: String? {
        get { storedFromTag ?? deferredTag(deferredFrom) }
        set { storedFromTag = .some(newValue) }
    }
    /// Set, these replace the deferred tags: nil until then.
    private var storedToTag: String?? = nil
    private var storedFromTag: String?? = nil
    /// A streamed call's dialog: where its tags are in `text` (the call's
    /// text, shared), lower bound -1 for none.
    private var deferredTo: Range<Int> = -1 ..< -1
    private var deferredFrom: Range<Int> = -1 ..< -1
    private var text: [UInt8] = []
    /// The stage the dialog reached last.
    public var state: DialogStage
    /// Every stage it went through, in order, without repeats.
    public var path: [DialogStage]
    /// What happened in it beyond the stage changes: retransmissions, re-INVITEs,
    /// hold and resume, PRACK, UPDATE, session timers, forks.
    public var events: [DialogEvent]

    public init(toTag: String?, fromTag: String?) {
        storedToTag = .some(toTag)
        storedFromTag = .some(fromTag)
        state = .trying
        // Room for a usual path at once (as many stages as there are, one byte
        // each; a stage seen again later is listed again): growing it a stage
        // at a time allocated three times for an answered call.
        path = []
        path.reserveCapacity(DialogStage.allCases.count)
        events = []
    }

    /// A streamed call's dialog, its tags at `to` and `from` of the call's
    /// text (nil: none); `readTags(from:)` hands it the text once the
    /// dialog is made.
    init(deferredTo to: Range<Int>?, from: Range<Int>?) {
        // Each field set once, here: delegating to `init(toTag:fromTag:)` and
        // then changing the tags made a copy of the dialog (and retained and
        // released its arrays), twice per call.
        state = .trying
        path = []
        path.reserveCapacity(DialogStage.allCases.count)
        events = []
        // Whole offsets: a call's text may pass 2 GiB (see `StreamedMessage`).
        deferredTo = to ?? -1 ..< -1
        deferredFrom = from ?? -1 ..< -1
    }

    /// Gives a dialog made by `init(deferredTo:from:)` the text its tags are
    /// in (shared, not copied).
    mutating func readTags(from text: [UInt8]) {
        if storedToTag == nil || storedFromTag == nil { self.text = text }
    }

    /// For the JSON writer: calls `body` with the To tag's (`to`) or the
    /// From tag's bytes of `dialogs[index]` and returns true when the tag is
    /// still read from the call's text; false when it is a string (set, or
    /// none), to be written from `toTag` or `fromTag`.
    ///
    /// Static, the dialog read where it lies in the array: a method called on
    /// an array's element from another module took a copy of the dialog
    /// (retaining its arrays) for each call, two per dialog written.
    package static func withDeferredTag(
        of dialogs: [Dialog], _ index: Int, to: Bool, _ body: (UnsafeRawBufferPointer) -> Void
    ) -> Bool {
        let range = to ? dialogs[index].deferredTo : dialogs[index].deferredFrom
        guard (to ? dialogs[index].storedToTag : dialogs[index].storedFromTag) == nil, range.lowerBound >= 0,
            range.upperBound <= dialogs[index].text.count
        else { return false }
        dialogs[index].text.withUnsafeBytes { body(UnsafeRawBufferPointer(rebasing: $0[range])) }
        return true
    }

    private func deferredTag(_ range: Range<Int>) -> String? {
        guard range.lowerBound >= 0, range.upperBound <= text.count else { return nil }
        return text.withUnsafeBytes { String(decoding: UnsafeRawBufferPointer(rebasing: $0[range]), as: UTF8.self) }
    }

    mutating func enter(_ stage: DialogStage) {
        state = stage
        if path.last != stage { path.append(stage) }
    }

    /// Equal as what they say: tags (however kept), stage, path and events.
    public static func == (a: Dialog, b: Dialog) -> Bool {
        a.toTag == b.toTag && a.fromTag == b.fromTag && a.state == b.state && a.path == b.path && a.events == b.events
    }
}

/// Where a dialog stands (RFC 3261 §12, §13, §15; RFC 6076 terms for the ends).
public enum DialogStage: String, Sendable, Equatable, CaseIterable {
    /// The INVITE was sent; at most 100 Trying came back.
    case trying
    /// 180 Ringing without a session description.
    case ringing
    /// A 18x with SDP: early media flows before the answer.
    case earlyMedia = "early-media"
    /// A 2xx answered the INVITE.
    case confirmed
    /// The ACK for the 2xx was seen: media flows both ways.
    case established
    /// A BYE was sent.
    case terminating
    /// The BYE was answered, or an early dialog was ended (199, or another fork won).
    case terminated
    /// The INVITE got a final response of 300 or above.
    case failed
    /// CANCEL, then 487 Request Terminated.
    case cancelled
}

/// Something that happened inside a dialog.
public struct DialogEvent: Sendable, Equatable {
    public var frame: Int
    public var timestamp: Int64
    /// `fork`, `retransmission`, `re-INVITE`, `hold`, `resume`, `codec-change`,
    /// `PRACK`, `UPDATE`, `session-refresh`, `session-interval-too-small`,
    /// `early-dialog-terminated`, `ended-by-other-fork`, `cancel`, or a method name.
    public var kind: String
    public var detail: String

    public init(frame: Int, timestamp: Int64, kind: String, detail: String) {
        self.frame = frame
        self.timestamp = timestamp
        self.kind = kind
        self.detail = detail
    }
}
