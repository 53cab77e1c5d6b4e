/// One header line of a message, as offsets into the message bytes.
///
/// Repeated headers stay separate entries, in order; a comma-joined header is one
/// entry whose values `SIPMessageView.values(of:)` splits.
public struct HeaderField: Sendable, Equatable {
    public var name: HeaderName
    /// The name as written (compact or long, any case).
    public var nameRange: Range<Int>
    /// The value, trimmed; it may span folded continuation lines.
    public var valueRange: Range<Int>
}
