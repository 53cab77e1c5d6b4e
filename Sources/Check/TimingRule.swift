import Report

/// An upper bound on one statistic of one timing: `max_pdd: 3s` or
/// `pdd.p95: 2s` (read "the 95th percentile of post-dial delay is at most 2 s").
public struct TimingRule: Sendable, Equatable {
    /// Which per-call figure (see `Call.pddMs`, `setupMs`, `durationMs`).
    public enum Metric: String, Sendable, CaseIterable {
        case pdd, setup, duration

        var label: String {
            switch self {
            case .pdd: return "PDD"
            case .setup: return "setup"
            case .duration: return "duration"
            }
        }
    }

    /// Which statistic over the calls: the largest, or a nearest-rank percentile
    /// (`CallMetrics.Distribution.percentile`).
    public enum Statistic: Sendable, Equatable {
        case max
        case percentile(Double)

        /// `max`, `median` (the 50th percentile) or `pN` with 0 < N ≤ 100.
        static func parse(_ text: String) -> Statistic? {
            if text == "max" { return .max }
            if text == "median" { return .percentile(50) }
            guard text.hasPrefix("p"), let p = Double(text.dropFirst()), p > 0, p <= 100 else { return nil }
            return p == 100 ? .max : .percentile(p)
        }

        var label: String {
            switch self {
            case .max: return "max"
            case .percentile(let p): return "p" + formatDecimal(p, fractionDigits: 3)
            }
        }
    }

    public var metric: Metric
    public var statistic: Statistic
    /// The bound, in milliseconds: the statistic must be at most this.
    public var boundMs: Double

    public init(metric: Metric, statistic: Statistic, boundMs: Double) {
        self.metric = metric
        self.statistic = statistic
        self.boundMs = boundMs
    }

    /// The rule's name: `max_pdd` for the maximum (as the flag `--max-pdd`),
    /// `pdd.p95` for a percentile.
    public var name: String {
        switch statistic {
        case .max: return "max_" + metric.rawValue
        case .percentile: return metric.rawValue + "." + statistic.label
        }
    }

    /// Reads a rule name into its metric and statistic: `max_pdd`, `pdd.max`,
    /// `pdd.p95`, `setup.median`. Nil when the name is none of these.
    public static func parseName(_ name: String) -> (Metric, Statistic)? {
        if name.hasPrefix("max_"), let metric = Metric(rawValue: String(name.dropFirst(4))) {
            return (metric, .max)
        }
        let parts = name.split(separator: ".", maxSplits: 1).map(String.init)
        guard parts.count == 2, let metric = Metric(rawValue: parts[0]),
            let statistic = Statistic.parse(parts[1])
        else { return nil }
        return (metric, statistic)
    }

    /// Whether `name` looks like a timing rule (`pdd.…`), so a bad statistic is
    /// reported as such rather than as an unknown rule.
    static func looksLikeTiming(_ name: String) -> Bool {
        Metric.allCases.contains { name.hasPrefix($0.rawValue + ".") }
    }
}
