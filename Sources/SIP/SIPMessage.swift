/// A SIP message as an owned value: the parts siptrace reports and tracks, copied
/// out of the packet so they outlive it.
public struct SIPMessage: Sendable, Equatable {
    public enum Kind: Sendable, Equatable {
        case request(method: String, uri: String)
        case response(status: Int, reason: String)
    }

    public var kind: Kind
    public var from: NameAddress?
    public var to: NameAddress?
    public var cseq: CSeq?
    public var contentLength: Int?
    /// The body's size in bytes and, when it is SDP, its parse.
    public var bodyLength: Int
    public var sdp: SDPSession?
    /// The body is SDP (kept when a compact copy drops the parse itself).
    public var hasSDP = false
    /// Parse problems that did not stop the message from being read.
    public var problems: [SIPParseError]
    /// Made with `compact`: no Call-ID and no Via is kept (see `init`), so
    /// such a message cannot be grouped or matched on its own; its facts come
    /// from the view it was made from.
    public private(set) var isCompact = false
    /// The headers most messages lack, or that only a full copy keeps, in a
    /// box of their own; nil when the message has none of them (a compact
    /// copy, as a rule). A message is moved several times on its way to the
    /// report (into a batch, out of it, into its call's list), and inline
    /// these made it 440 bytes, not 248: most of `--format ndjson`'s memory
    /// traffic was those moves. Never a box of unset fields, so that the
    /// synthesized equality (boxes compared by their fields) is by value.
    private(set) var rare: Rare?

    public var callID: String? {
        get { rare?.fields.callID }
        set { changeRare { $0.callID = newValue } }
    }
    /// Every Via value, top first.
    public var vias: [Via] {
        get { rare?.fields.vias ?? [] }
        set { changeRare { $0.vias = newValue } }
    }
    public var contact: String? {
        get { rare?.fields.contact }
        set { changeRare { $0.contact = newValue } }
    }
    public var contentType: String? {
        get { rare?.fields.contentType }
        set { changeRare { $0.contentType = newValue } }
    }
    /// The Reason header (RFC 3326), e.g. `Q.850;cause=16;text="Normal"`.
    public var reasonHeader: String? {
        get { rare?.fields.reasonHeader }
        set { changeRare { $0.reasonHeader = newValue } }
    }
    /// Retry-After seconds (RFC 3261 §20.33).
    public var retryAfter: Int? {
        get { rare?.fields.retryAfter }
        set { changeRare { $0.retryAfter = newValue } }
    }
    /// RSeq (RFC 3262) on a reliable provisional response.
    public var rseq: UInt32? {
        get { rare?.fields.rseq }
        set { changeRare { $0.rseq = newValue } }
    }
    /// Expires seconds (RFC 3261 §20.19): the header, or the first Contact's
    /// `expires` parameter, which is what a registrar grants (§10.3).
    public var expires: Int? {
        get { rare?.fields.expires }
        set { changeRare { $0.expires = newValue } }
    }
    /// Session-Expires and Min-SE seconds (RFC 4028 §4, §5).
    public var sessionExpires: Int? {
        get { rare?.fields.sessionExpires }
        set { changeRare { $0.sessionExpires = newValue } }
    }
    public var minSE: Int? {
        get { rare?.fields.minSE }
        set { changeRare { $0.minSE = newValue } }
    }
    /// The Event header's package (`refer`, `presence`, ...), RFC 6665 §8.2.1.
    public var event: String? {
        get { rare?.fields.event }
        set { changeRare { $0.event = newValue } }
    }
    /// For a body of type message/sipfrag (RFC 3420), its first line: how a
    /// REFER's triggered request is doing (RFC 3515 §2.4.5).
    public var sipfrag: String? {
        get { rare?.fields.sipfrag }
        set { changeRare { $0.sipfrag = newValue } }
    }
    /// Refer-To (RFC 3515 §2.1): where a REFER sends the transferee.
    public var referTo: String? {
        get { rare?.fields.referTo }
        set { changeRare { $0.referTo = newValue } }
    }
    public var userAgent: String? {
        get { rare?.fields.userAgent }
        set { changeRare { $0.userAgent = newValue } }
    }

    /// Changes the boxed fields: in place when this message holds the box
    /// alone, else in a new box (copy on write); none when they are all unset.
    private mutating func changeRare(_ change: (inout RareFields) -> Void) {
        var fields = rare?.fields ?? RareFields()
        change(&fields)
        if fields.isEmpty {
            rare = nil
        } else if rare != nil, isKnownUniquelyReferenced(&rare!) {
            rare!.fields = fields
        } else {
            rare = Rare(fields)
        }
    }

    public var method: String? {
        if case .request(let method, _) = kind { return method }
        return nil
    }

    public var status: Int? {
        if case .response(let status, _) = kind { return status }
        return nil
    }

    /// The top Via's branch: with the CSeq method, the transaction key (§17.1.3).
    public var branch: String? { vias.first?.branch }

    /// "INVITE sip:bob@example.com" or "200 OK": the start line without the version.
    public var summaryLine: String {
        switch kind {
        case .request(let method, let uri): "\(method) \(uri)"
        case .response(let status, let reason): reason.isEmpty ? "\(status)" : "\(status) \(reason)"
        }
    }

    /// Copies what siptrace keeps out of a view.
    ///
    /// `compact` is for the pipeline's streamed calls, where many calls are
    /// live at once and each is written as JSON when it ends: it keeps all the
    /// JSON report writes (display names, every SDP and all its media, so a
    /// streamed call reads as in `--format json`) and what outcomes, dialogs
    /// and timings are computed from, and never makes what only the text
    /// report shows (Contact, User-Agent, Reason, Content-Type), nor the
    /// Call-ID and Vias, which the pipeline reads from the view (the call
    /// keeps its Call-ID; transactions and hops are in the facts).
    ///
    /// `parseSDP` false keeps only whether the body is SDP: a summary needs no
    /// more of it.
    ///
    /// Compact copies are for siptrace's own pipeline (`package`): one lacks
    /// what `MessageFacts(_:)` and call grouping read, so a library user
    /// handing one to `CallTracker.add` would meet a precondition.
    package init(_ view: SIPMessageView, compact: Bool, parseSDP: Bool = true) {
        var names = NameAddressCache.none
        self.init(view, compact: compact, parseSDP: parseSDP, names: &names)
    }

    /// A whole copy of the message.
    public init(_ view: SIPMessageView, parseSDP: Bool = true) {
        self.init(view, compact: false, parseSDP: parseSDP)
    }

    /// A whole copy, the From and To values from `names` (see `NameAddressCache`).
    public init(_ view: SIPMessageView, parseSDP: Bool = true, names: inout NameAddressCache) {
        self.init(view, compact: false, parseSDP: parseSDP, names: &names)
    }

    /// The same, with the From and To values taken from `names` when they
    /// were parsed before (see `NameAddressCache`).
    package init(_ view: SIPMessageView, compact: Bool, parseSDP: Bool = true, names: inout NameAddressCache) {
        var sdp = SDPLayout()
        self.init(view, compact: compact, parseSDP: parseSDP, names: &names, sdp: &sdp)
    }

    /// The same, its SDP read into `sdp`, a layout the caller keeps and
    /// reuses (see `SDPLayout`): its arrays, grown once, serve every message.
    ///
    /// The one init that builds a message (the pipeline's, called for every
    /// message kept); the others delegate to it with a fresh layout, and
    /// with the caller's cache or, without one, a cache that keeps nothing
    /// (`NameAddressCache.none`).
    package init(
        _ view: SIPMessageView, compact: Bool, parseSDP: Bool = true, names: inout NameAddressCache,
        sdp layout: inout SDPLayout
    ) {
        func nameAddress(_ range: Range<Int>) -> NameAddress { names.parse(view.bytes, range) }
        switch view.startLine {
        case .request(let method, let uri):
            kind = .request(method: view.string(method), uri: view.string(uri))
        case .response(let status, let reason):
            kind = .response(status: status, reason: view.string(reason))
        }
        let bytes = view.bytes
        // Which names the message has, one bit each: some twenty headers are
        // asked for below, most of them absent, and each `view.first` was a
        // scan of the whole list.
        // (A `let`: a local function reading a captured `var` paid a
        // run-time exclusivity check on every call.)
        let present = view.headers.reduce(UInt64(0)) { $0 | $1.name.bit }
        func first(_ name: HeaderName) -> HeaderField? { present & name.bit != 0 ? view.first(name) : nil }
        // A compact copy is kept by the call it belongs to, which has the
        // Call-ID; transactions and hops were read from the view's facts.
        var r = RareFields()
        r.callID = compact ? nil : first(.callID).map { view.string($0.valueRange) }
        from = first(.from).map { nameAddress($0.valueRange) }
        to = first(.to).map { nameAddress($0.valueRange) }
        r.vias = compact ? [] : view.values(of: .via).map { Via.parse(bytes, $0) }
        cseq = first(.cseq).flatMap { CSeq.parse(bytes, $0.valueRange) }
        let contactValue = first(.contact).flatMap { view.firstPart($0.valueRange) }
        r.contact = compact ? nil : contactValue.map { view.string($0) }
        let contentTypeField = first(.contentType)
        let isSDP = contentTypeField.map { SIPMessage.isSDP(bytes, $0.valueRange) } ?? false
        r.contentType = compact ? nil : contentTypeField.map { view.string($0.valueRange) }
        contentLength = view.contentLength
        r.reasonHeader = compact ? nil : first(.reason).map { view.string($0.valueRange) }
        let dialog = DialogHeaders(view, present: present, contentType: contentTypeField, isSDP: isSDP)
        r.rseq = dialog.rseq
        r.retryAfter = first(.retryAfter).flatMap { SIPMessage.seconds(bytes, $0.valueRange) }
        r.sessionExpires = dialog.sessionExpires
        r.minSE = dialog.minSE
        r.expires = SIPMessage.expires(bytes, contact: contactValue, header: first(.expires)?.valueRange)
        r.userAgent = compact ? nil : (first(.userAgent) ?? first(.server)).map { view.string($0.valueRange) }
        bodyLength = view.body.count
        problems = view.problems
        r.referTo = dialog.referTo
        r.event = first(.event).map { field in
            let value = bytes.trimmed(field.valueRange)
            let end = bytes.firstIndex(of: ASCII.semicolon, in: value) ?? value.upperBound
            return view.string(value.lowerBound..<end)
        }
        r.sipfrag = dialog.sipfrag
        hasSDP = SIPMessage.body(view, isSDP: isSDP, parseSDP: parseSDP, into: &layout)
        sdp = hasSDP && parseSDP ? layout.session(view.bytes) : nil
        isCompact = compact
        rare = r.isEmpty ? nil : Rare(r)
    }

    /// The headers dialog events read (RSeq, Session-Expires, Min-SE,
    /// Refer-To) and a sipfrag body's first line, read as a message reads
    /// them: a streamed call's message (which makes no `SIPMessage`) reads
    /// them here too, so the two cannot differ.
    package struct DialogHeaders {
        package var rseq: UInt32? = nil
        package var sessionExpires: Int? = nil
        package var minSE: Int? = nil
        package var referTo: String? = nil
        package var sipfrag: String? = nil

        /// `present`: the view's header names, one bit each (`HeaderName.bit`);
        /// `contentType`: its first Content-Type; `isSDP`: that it says SDP.
        package init(_ view: SIPMessageView, present: UInt64, contentType: HeaderField?, isSDP: Bool) {
            let bytes = view.bytes
            func first(_ name: HeaderName) -> HeaderField? { present & name.bit != 0 ? view.first(name) : nil }
            rseq = first(.rseq).flatMap { bytes.decimal(bytes.trimmed($0.valueRange), limit: Int(UInt32.max)) }
                .map { UInt32($0) }
            sessionExpires = first(.sessionExpires).flatMap { SIPMessage.seconds(bytes, $0.valueRange) }
            minSE = first(.minSE).flatMap { SIPMessage.seconds(bytes, $0.valueRange) }
            referTo = first(.referTo).map { view.string($0.valueRange) }
            if !view.body.isEmpty, let type = contentType, !isSDP,
                SIPMessage.hasMediaType(bytes, type.valueRange, "message/sipfrag")
            {
                let end = bytes.firstIndex(of: ASCII.lf, in: view.body) ?? view.body.upperBound
                sipfrag = view.string(view.body.lowerBound..<end)
            }
        }
    }

    /// Whether the body is SDP that describes a session, `isSDP` being what
    /// the Content-Type says; with `parseSDP`, where its parts are, in
    /// `layout` (valid when this returns true), else only whether it is. A
    /// streamed message reads its body here too.
    package static func body(
        _ view: SIPMessageView, isSDP: Bool, parseSDP: Bool, into layout: inout SDPLayout
    ) -> Bool {
        guard !view.body.isEmpty, isSDP else { return false }
        guard parseSDP else { return SDPParser.describesSession(view.bytes, view.body) }
        return layout.read(view.bytes, view.body)
    }

    /// A header value that starts with a number of seconds (Retry-After's
    /// "30 (lunch)", Session-Expires' "1800;refresher=uac").
    static func seconds(_ bytes: UnsafeRawBufferPointer, _ range: Range<Int>) -> Int? {
        let value = bytes.trimmed(range)
        var end = value.lowerBound
        while end < value.upperBound, ASCII.isDigit(bytes[end]) { end += 1 }
        return bytes.decimal(value.lowerBound..<end)
    }

    /// The expiry a message states: the first Contact's `expires` parameter,
    /// else the Expires header (RFC 3261 §10.2.1.1, §10.3 step 8).
    static func expires(_ bytes: UnsafeRawBufferPointer, contact: Range<Int>?, header: Range<Int>?) -> Int? {
        if let contact, let text = unquotedParameterRange(bytes, contact, named: .expires),
            let value = bytes.signedDecimal(text)
        {
            return value
        }
        return header.flatMap { seconds(bytes, $0) }
    }

    /// `application/sdp` in the Content-Type value at `range`, read in place.
    package static func isSDP(_ bytes: UnsafeRawBufferPointer, _ range: Range<Int>) -> Bool {
        hasMediaType(bytes, range, "application/sdp")
    }

    /// Whether a Content-Type value is `type`, parameters and case aside.
    static func hasMediaType(_ bytes: UnsafeRawBufferPointer, _ range: Range<Int>, _ type: StaticString) -> Bool {
        let value = bytes.trimmed(range)
        let end = bytes.firstIndex(of: ASCII.semicolon, in: value) ?? value.upperBound
        return bytes.equalsIgnoringCase(bytes.trimmed(value.lowerBound..<end), type)
    }

}

extension UnsafeRawBufferPointer {
    /// Reads `range` as Swift's `Int(String)` reads text: an optional sign, then
    /// digits only, nil on anything else or on overflow. Used where a value was
    /// read that way before and must keep reading the same.
    func signedDecimal(_ range: Range<Int>) -> Int? {
        var i = range.lowerBound
        var negative = false
        if i < range.upperBound, self[i] == UInt8(ascii: "+") || self[i] == UInt8(ascii: "-") {
            negative = self[i] == UInt8(ascii: "-")
            i += 1
        }
        guard i < range.upperBound else { return nil }
        var value = 0
        while i < range.upperBound {
            let b = self[i]
            guard ASCII.isDigit(b) else { return nil }
            let digit = Int(b - 0x30)
            let (times, o1) = value.multipliedReportingOverflow(by: 10)
            let (next, o2) = negative ? times.subtractingReportingOverflow(digit) : times.addingReportingOverflow(digit)
            guard !o1, !o2 else { return nil }
            value = next
            i += 1
        }
        return value
    }
}

/// The fields of a `SIPMessage` kept out of line (see `SIPMessage.rare`).
struct RareFields: Sendable, Equatable {
    var callID: String? = nil
    var vias: [Via] = []
    var contact: String? = nil
    var contentType: String? = nil
    var reasonHeader: String? = nil
    var retryAfter: Int? = nil
    var rseq: UInt32? = nil
    var expires: Int? = nil
    var sessionExpires: Int? = nil
    var minSE: Int? = nil
    var event: String? = nil
    var sipfrag: String? = nil
    var referTo: String? = nil
    var userAgent: String? = nil

    /// Every field unset: what `RareFields()` holds, checked field by field
    /// (comparing with a fresh value made and destroyed one per message).
    var isEmpty: Bool {
        callID == nil && vias.isEmpty && contact == nil && contentType == nil && reasonHeader == nil
            && retryAfter == nil && rseq == nil && expires == nil && sessionExpires == nil && minSE == nil
            && event == nil && sipfrag == nil && referTo == nil && userAgent == nil
    }
}

/// The box of a message's `RareFields`: shared by copies of the message,
/// replaced rather than changed when shared (`SIPMessage.changeRare`).
final class Rare: @unchecked Sendable, Equatable {
    // SAFETY (@unchecked Sendable): `fields` is written only by
    // `SIPMessage.changeRare`, after checking that the message writing holds
    // the only reference; a shared box, the only kind two threads can see,
    // is only read.
    var fields: RareFields

    init(_ fields: RareFields) {
        self.fields = fields
    }

    /// By value: two messages with the same headers are equal whichever box holds them.
    static func == (a: Rare, b: Rare) -> Bool {
        a === b || a.fields == b.fields
    }
}
