/// The structured facts about a response code that comparisons and call analysis
/// compute with, as opposed to the prose meant for people.
///
/// Finality and acknowledgement follow from the class alone, so they live on
/// `ResponseClass`; these are the facts that differ from code to code.
public struct ResponseFacts: Sendable, Equatable {
    /// What the response does to dialogs (RFC 3261 §12.1).
    public let dialog: DialogEffect
    /// Whether it may carry SDP, and what for (RFC 3264, RFC 3261 §13).
    public let sdp: SessionDescription
    /// What the caller may do next.
    public let retry: RetryAdvice
    /// Whether the condition it reports lasts.
    public let permanence: Permanence
    /// The headers worth reading with this response, most useful first.
    public let headers: [String]

    public init(
        dialog: DialogEffect = .none,
        sdp: SessionDescription = .none,
        retry: RetryAdvice,
        permanence: Permanence,
        headers: [String] = []
    ) {
        self.dialog = dialog
        self.sdp = sdp
        self.retry = retry
        self.permanence = permanence
        self.headers = headers
    }
}
