/// What call tracking reads of one message, as fixed-size numbers: start line,
/// CSeq, tags, the originator's branch, whether it carries SDP, the expiry.
///
/// Read in place from the packet (`init(_ view:)`) with no allocation, so a
/// summary never copies a message; or from an owned `SIPMessage` (messages
/// built in tests, or kept for a full report), with the same result for the
/// same text. Tags and branches are hashes (`ByteHash`): tracking only ever
/// asks whether two are equal.
public struct MessageFacts: Sendable, Equatable {
    // Stored widest first, the status in 16 bits: the facts are 56 bytes, not
    // 72, and a live call keeps them for each of its messages (the tracking
    // thread's time goes largely to fetching what it keeps).

    /// A request's method; `.none` for a response.
    public var method: MethodCode = .none
    /// The CSeq method; `.none` when the CSeq header is missing or unreadable.
    public var cseqMethod: MethodCode = .none
    public var toTag: UInt64 = 0
    public var fromTag: UInt64 = 0
    /// The bottom Via's branch: the one the message's originator put there
    /// (proxies add theirs on top, RFC 3261 §16.6 step 8).
    public var bottomBranch: UInt64 = 0
    /// Expires as `SIPMessage.expires` reads it (Contact `expires`, else the
    /// Expires header); read for final responses to REGISTER only, the one
    /// place tracking uses it (the expiry a registrar granted).
    public var expires: Int = 0
    public var cseqNumber: UInt32 = 0
    private var statusCode: UInt16 = 0
    private var flags: UInt8 = 0

    /// A response's status code; 0 for a request. The parser reads 100 to
    /// 699; a status set from an owned message is clamped to 0...65535.
    public var status: Int {
        get { Int(statusCode) }
        set { statusCode = UInt16(clamping: newValue) }
    }

    private static let hasCSeqFlag: UInt8 = 1
    private static let hasToTagFlag: UInt8 = 2
    private static let hasFromTagFlag: UInt8 = 4
    private static let hasBranchFlag: UInt8 = 8
    private static let hasSDPFlag: UInt8 = 16
    private static let hasExpiresFlag: UInt8 = 32

    public var isRequest: Bool { method != .none }
    public var hasCSeq: Bool { flag(MessageFacts.hasCSeqFlag) }
    public var hasToTag: Bool { flag(MessageFacts.hasToTagFlag) }
    public var hasFromTag: Bool { flag(MessageFacts.hasFromTagFlag) }
    public var hasBranch: Bool { flag(MessageFacts.hasBranchFlag) }
    /// The body is an SDP session description (`SDPParser` would read one).
    public var hasSDP: Bool { flag(MessageFacts.hasSDPFlag) }
    public var hasExpires: Bool { flag(MessageFacts.hasExpiresFlag) }

    public init() {}

    private func flag(_ bit: UInt8) -> Bool { flags & bit != 0 }
    private mutating func set(_ bit: UInt8, _ on: Bool) {
        if on { flags |= bit } else { flags &= ~bit }
    }

    /// What identifies a message for retransmission detection: the originator's
    /// branch, the CSeq, the method or status (not the whole start line: a proxy
    /// may rewrite the Request-URI, §16.6 step 1, or the reason phrase), a
    /// response's To tag, and the From tag.
    public var retransmissionKey: UInt64 {
        var h = ByteHash()
        h.combine(hasBranch ? bottomBranch : 0x6e6f_2d62_7261_6e63)
        h.combine(hasBranch ? 1 : 0)
        if hasCSeq {
            h.combine(UInt64(cseqNumber))
            h.combine(cseqMethod.raw)
        } else {
            h.combine(0xFFFF_FFFF_FFFF)
        }
        h.combine(isRequest ? method.raw : UInt64(status) | 1 << 62)
        h.combine(!isRequest && hasToTag ? toTag : 0)
        h.combine(!isRequest && hasToTag ? 1 : 0)
        h.combine(hasFromTag ? fromTag : 0)
        h.combine(hasFromTag ? 1 : 0)
        return h.finalize()
    }

    /// A request's transaction branch: the bottom Via's branch, or for an
    /// RFC 2543 peer without one, the CSeq number and From tag standing in.
    public var transactionBranch: UInt64 {
        var h = ByteHash()
        if hasBranch {
            h.combine(1)
            h.combine(bottomBranch)
        } else {
            h.combine(2)
            h.combine(hasCSeq ? UInt64(cseqNumber) : 1 << 40)
            h.combine(hasFromTag ? fromTag : 0)
            h.combine(hasFromTag ? 1 : 0)
        }
        return h.finalize()
    }

    /// Reads the facts of a parsed message in place. One pass over its header
    /// list; no `String` is made.
    public init(_ view: SIPMessageView) {
        var sources = TagSources()
        self.init(view, tagSources: &sources)
        readTags(view.bytes, sources)
    }

    /// Where the From and To values and the bottom Via are: what `readTags`
    /// reads the tags and the branch from.
    public struct TagSources: Sendable {
        public var from: Range<Int>? = nil
        public var to: Range<Int>? = nil
        public var bottomVia: Range<Int>? = nil

        public init(from: Range<Int>? = nil, to: Range<Int>? = nil, bottomVia: Range<Int>? = nil) {
            self.from = from
            self.to = to
            self.bottomVia = bottomVia
        }
    }

    /// Every fact but the tags and the branch, whose values are left in
    /// `tagSources` for `readTags`. Split so that a summary can copy those few
    /// bytes and hash them on its tracking thread (about half of the work).
    public init(_ view: borrowing SIPMessageView, tagSources: inout TagSources) {
        var callID: Range<Int>? = nil
        self.init(view, tagSources: &tagSources, callID: &callID)
    }

    /// The same, and `callID` set to `view.callIDRange`, found in the same
    /// pass over the headers (the pipeline asks for both of every message).
    package init(_ view: borrowing SIPMessageView, tagSources: inout TagSources, callID: inout Range<Int>?) {
        let bytes = view.bytes
        switch view.startLine {
        case .request(let method, _): self.method = MethodCode(bytes, method)
        case .response(let status, _): self.status = status
        }
        var from: Range<Int>? = nil
        var to: Range<Int>? = nil
        var cseq: Range<Int>? = nil
        var contentType: Range<Int>? = nil
        var contact: Range<Int>? = nil
        var expiresHeader: Range<Int>? = nil
        var bottomVia: Range<Int>? = nil
        var lastVia = -1
        var callIDField: Range<Int>? = nil
        for index in view.headers.indices {
            let field = view.headers[index]
            switch field.name {
            case .callID: if callIDField == nil { callIDField = field.valueRange }
            case .from: if from == nil { from = field.valueRange }
            case .to: if to == nil { to = field.valueRange }
            case .via: lastVia = index
            case .cseq: if cseq == nil { cseq = field.valueRange }
            case .contentType: if contentType == nil { contentType = field.valueRange }
            case .contact: if contact == nil { contact = field.valueRange }
            case .expires: if expiresHeader == nil { expiresHeader = field.valueRange }
            default: break
            }
        }
        // The last value of the last Via line that has one (the bottom Via),
        // looked for from the last Via line back: only that line is scanned,
        // as a rule (walking back from the last header passed every header
        // below the Vias, most of a message's).
        var index = lastVia
        while index >= 0 {
            let field = view.headers[index]
            if field.name == .via, let last = view.lastPart(field.valueRange) {
                bottomVia = last
                break
            }
            index -= 1
        }
        // As `SIPMessageView.callIDRange`, from the first Call-ID header.
        callID = callIDField.flatMap { view.callID(in: $0) }
        if let cseq, let (number, method) = CSeq.locate(bytes, cseq) {
            cseqNumber = number
            cseqMethod = MethodCode(bytes, method)
            set(MessageFacts.hasCSeqFlag, true)
        }
        tagSources = TagSources(from: from, to: to, bottomVia: bottomVia)
        if !view.body.isEmpty, let contentType, SIPMessage.isSDP(bytes, contentType) {
            set(MessageFacts.hasSDPFlag, SDPParser.describesSession(bytes, view.body))
        }
        if status >= 200 && cseqMethod == .register {
            let contactValue = contact.flatMap { view.firstPart($0) }
            if let value = SIPMessage.expires(bytes, contact: contactValue, header: expiresHeader) {
                expires = value
                set(MessageFacts.hasExpiresFlag, true)
            }
        }
    }

    /// Reads the From and To tags and the bottom Via's branch from the values
    /// `init(_:tagSources:)` found, in `bytes` or in a copy of those values:
    /// only the bytes inside each range are read.
    public mutating func readTags(_ bytes: UnsafeRawBufferPointer, _ sources: TagSources) {
        readTags(
            bytes, sources, fromTag: sources.from.flatMap { NameAddress.tagRange(bytes, $0) },
            toTag: sources.to.flatMap { NameAddress.tagRange(bytes, $0) })
    }

    /// The same, with the From and To tags already found (where
    /// `NameAddress.tagRange` finds them in `sources`' values): a streamed
    /// message finds them for its JSON, and finding them again cost the
    /// reading thread two scans of each value per message.
    package mutating func readTags(
        _ bytes: UnsafeRawBufferPointer, _ sources: TagSources, fromTag fromRange: Range<Int>?,
        toTag toRange: Range<Int>?
    ) {
        if let tag = fromRange {
            fromTag = ByteHash.of(bytes, tag)
            set(MessageFacts.hasFromTagFlag, true)
        }
        if let tag = toRange {
            toTag = ByteHash.of(bytes, tag)
            set(MessageFacts.hasToTagFlag, true)
        }
        if let via = sources.bottomVia, let branch = Via.branchRange(bytes, via) {
            bottomBranch = ByteHash.of(bytes, branch)
            set(MessageFacts.hasBranchFlag, true)
        }
    }

    /// The same facts from an owned message (not a compact one, which has
    /// no Vias: its facts come from its view).
    public init(_ message: SIPMessage) {
        precondition(!message.isCompact, "the facts of a compact message are read from its view")
        switch message.kind {
        case .request(let method, _): self.method = MethodCode(method)
        case .response(let status, _): self.status = status
        }
        if let cseq = message.cseq {
            cseqNumber = cseq.number
            cseqMethod = MethodCode(cseq.method)
            set(MessageFacts.hasCSeqFlag, true)
        }
        if let tag = message.from?.tag {
            fromTag = ByteHash.of(tag)
            set(MessageFacts.hasFromTagFlag, true)
        }
        if let tag = message.to?.tag {
            toTag = ByteHash.of(tag)
            set(MessageFacts.hasToTagFlag, true)
        }
        if let branch = message.vias.last?.branch {
            bottomBranch = ByteHash.of(branch)
            set(MessageFacts.hasBranchFlag, true)
        }
        set(MessageFacts.hasSDPFlag, message.hasSDP)
        if status >= 200 && cseqMethod == .register, let value = message.expires {
            expires = value
            set(MessageFacts.hasExpiresFlag, true)
        }
    }
}
