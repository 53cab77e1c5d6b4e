import SIP

/// What the summary and the metrics count of one finished call: its kind,
/// outcome and timings, with no message and no `String` in it. A streamed
/// summary folds these in as calls end; a full report builds them from each
/// `Call` (`init(_ call:)`), so both count the same way.
public struct CallFigures: Sendable, Equatable {
    /// `.invite` for a call; otherwise the method that opened the exchange, or
    /// the CSeq method when only responses were seen; `.none` when not even that.
    public var method: MethodCode = .none
    public var outcome: CallOutcome = .incomplete
    public var finalStatus: Int? = nil
    public var earlyMedia = false
    public var pddMs: Double? = nil
    public var setupMs: Double? = nil
    public var durationMs: Double? = nil
    public var srdMs: Double? = nil
    public var sddMs: Double? = nil
    public var registrationDelaysMs: [Double] = []
    public var expiresGranted: Int? = nil
    public var challenges = 0
    public var transactions = 0
    /// Answered, then torn down by a BYE that got a 2xx (RFC 6076 §4.9).
    public var completed = false

    public init() {}

    public var isInvite: Bool { method == .invite }

    /// The figures of a call built with its messages.
    public init(_ call: Call) {
        method = MethodCode(call.method)
        outcome = call.outcome
        finalStatus = call.finalStatus
        earlyMedia = call.earlyMedia
        pddMs = call.pddMs
        setupMs = call.setupMs
        durationMs = call.durationMs
        srdMs = call.srdMs
        sddMs = call.sddMs
        registrationDelaysMs = call.registrationDelaysMs
        expiresGranted = call.expiresGranted
        challenges = call.challenges
        transactions = call.transactions
        completed = CallMetrics.isCompleted(call)
    }
}
