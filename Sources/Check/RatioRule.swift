/// A bound on one of the capture's session ratios (`CallMetrics`): SER, SEER,
/// SCR and ASR must be at least the bound, ISA at most.
public struct RatioRule: Sendable, Equatable {
    public enum Metric: String, Sendable, CaseIterable {
        case ser, seer, scr, asr, isa

        /// ISA counts failures, so it is bounded from above; the others count
        /// successes and are bounded from below.
        public var isUpperBound: Bool { self == .isa }

        /// The rule's name, as in a rules file: `min_ser`, `max_isa`.
        public var ruleName: String { (isUpperBound ? "max_" : "min_") + rawValue }

        var label: String { rawValue.uppercased() }
    }

    public var metric: Metric
    /// Between 0 and 1.
    public var bound: Double

    public init(metric: Metric, bound: Double) {
        self.metric = metric
        self.bound = bound
    }

    public var name: String { metric.ruleName }
}
