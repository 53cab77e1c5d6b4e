/// One dialog of a call (RFC 3261 §12): identified by the Call-ID and the two
/// tags. An INVITE that forks has several early dialogs, one per To tag of the
/// 1xx and 2xx responses it gets; the one answered is confirmed, the others end.
public struct Dialog: Sendable, Equatable {
    /// The callee's tag (To tag of the responses); nil while only 100 Trying was seen.
    public var toTag: String?
    /// The caller's tag (From tag of the INVITE).
    public var fromTag: String?
    /// The stage the dialog reached last.
    public var state: DialogStage
    /// Every stage it went through, in order, without repeats.
    public var path: [DialogStage]
    /// What happened in it beyond the stage changes: retransmissions, re-INVITEs,
    /// hold and resume, PRACK, UPDATE, session timers, forks.
    public var events: [DialogEvent]

    public init(toTag: String?, fromTag: String?) {
        self.toTag = toTag
        self.fromTag = fromTag
        state = .trying
        // Room for a usual path at once (as many stages as there are, one byte
        // each; a stage seen again later is listed again): growing it a stage
        // at a time allocated three times for an answered call.
        path = []
        path.reserveCapacity(DialogStage.allCases.count)
        events = []
    }

    mutating func enter(_ stage: DialogStage) {
        state = stage
        if path.last != stage { path.append(stage) }
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
