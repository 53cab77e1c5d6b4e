#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Session figures over the INVITE calls of a capture: the ratios of RFC 6076 §4
/// and the distributions of post-dial delay, setup time, duration, SRD and SDD;
/// and the registration delays (RRD) of its REGISTER exchanges.
///
/// Built one call at a time with `add`, so a streaming analysis can fold each
/// call in as it ends and forget it: the ratios are counters, and each
/// distribution keeps one number per call that has the figure (8 bytes, not the
/// call's messages). Only INVITE calls count for session metrics
/// (`Call.isInvite`); REGISTER counts for RRD; OPTIONS and the like are passed over.
///
/// Each ratio is nil when its denominator is 0: "no sessions attempted" is not
/// a ratio of 0 or 1, and a check must not read it as either.
public struct CallMetrics: Sendable, Equatable {
    /// INVITE calls: session requests (RFC 6076), seizures (ITU-T E.411).
    public private(set) var inviteCalls = 0
    /// INVITE calls answered with a 2xx.
    public private(set) var answered = 0
    /// INVITE calls whose final response was a redirection (3xx).
    public private(set) var redirected = 0
    /// INVITE calls that ended in 2xx, 480, 486, 600 or 603: the user was reached
    /// and decided (RFC 6076 §4.7).
    public private(set) var effective = 0
    /// INVITE calls that ended in 408, 500, 503, 504, or with no final response
    /// at all: the network failed the call (RFC 6076 §4.8).
    public private(set) var ineffective = 0
    /// INVITE calls answered and then ended by a BYE that got a 2xx (RFC 6076 §4.9).
    public private(set) var completed = 0
    /// Post-dial delay, INVITE to first 18x (`Call.pddMs`); RFC 6076 §4.3 calls
    /// this the successful Session Request Delay.
    public private(set) var pdd = Distribution()
    /// Setup time, INVITE to 2xx (`Call.setupMs`).
    public private(set) var setup = Distribution()
    /// Duration, 2xx to BYE (`Call.durationMs`); RFC 6076 §4.5 Session Duration Time.
    public private(set) var duration = Distribution()
    /// Session Request Delay, RFC 6076 §4.3 (`Call.srdMs`): the INVITE to its first
    /// response other than 100, successful and failed sessions alike.
    public private(set) var srd = Distribution()
    /// Session Disconnect Delay, RFC 6076 §4.4 (`Call.sddMs`): BYE to its final response.
    public private(set) var sdd = Distribution()
    /// Registration Request Delay, RFC 6076 §4.1: every successful registration
    /// cycle of the REGISTER exchanges (`Call.registrationDelaysMs`).
    public private(set) var rrd = Distribution()
    /// REGISTER cycles that did not end in a 2xx: RFC 6076 §4.2's ineffective
    /// registration attempts, counted per REGISTER Call-ID that failed.
    public private(set) var registrationsFailed = 0

    /// Final statuses that show the callee was reached (RFC 6076 §4.7).
    public static let effectiveStatuses: Set<Int> = [200, 480, 486, 600, 603]
    /// Final statuses that show the network failed the call (RFC 6076 §4.8).
    public static let ineffectiveStatuses: Set<Int> = [408, 500, 503, 504]

    public init() {}

    /// Folds one finished call in. Calls that are not INVITE calls are ignored.
    public mutating func add(_ call: Call) {
        add(CallFigures(call))
    }

    /// Folds one finished call's figures in (a streamed summary keeps no `Call`).
    public mutating func add(_ call: CallFigures) {
        if call.method == .register {
            for ms in call.registrationDelaysMs { rrd.add(ms) }
            if call.outcome == .failed || call.outcome == .incomplete { registrationsFailed += 1 }
        }
        guard call.isInvite else { return }
        if let ms = call.srdMs { srd.add(ms) }
        if let ms = call.sddMs { sdd.add(ms) }
        inviteCalls += 1
        if call.outcome == .answered { answered += 1 }
        if let status = call.finalStatus, (300..<400).contains(status) { redirected += 1 }
        if CallMetrics.isEffective(outcome: call.outcome, finalStatus: call.finalStatus) { effective += 1 }
        if CallMetrics.isIneffective(outcome: call.outcome, finalStatus: call.finalStatus) { ineffective += 1 }
        if call.completed { completed += 1 }
        if let ms = call.pddMs { pdd.add(ms) }
        if let ms = call.setupMs { setup.add(ms) }
        if let ms = call.durationMs { duration.add(ms) }
    }

    /// Session Establishment Ratio, RFC 6076 §4.6: INVITEs answered over INVITEs
    /// less those redirected (a 3xx is neither success nor failure: the caller
    /// is sent elsewhere).
    public var ser: Double? { ratio(answered, inviteCalls - redirected) }

    /// Session Establishment Effectiveness Ratio, RFC 6076 §4.7: INVITEs that
    /// reached the user (200, 480, 486, 600, 603) over INVITEs less those
    /// redirected. A busy callee is no fault of the network.
    public var seer: Double? { ratio(effective, inviteCalls - redirected) }

    /// Ineffective Session Attempts, RFC 6076 §4.8, as a ratio: INVITEs that got
    /// 408, 500, 503 or 504, or no final response at all (a timeout as seen from
    /// the capture), over all INVITEs.
    public var isa: Double? { ratio(ineffective, inviteCalls) }

    /// Session Completion Ratio, RFC 6076 §4.9: sessions that completed (answered,
    /// then torn down by a BYE that got a 2xx) over all INVITEs.
    public var scr: Double? { ratio(completed, inviteCalls) }

    /// Answer-Seizure Ratio (ITU-T E.411): answered INVITE calls over all
    /// INVITE calls. Unlike SER, redirected calls stay in the denominator.
    public var asr: Double? { ratio(answered, inviteCalls) }

    /// The call reached the user, who decided: answered, or 480, 486, 600, 603
    /// (RFC 6076 §4.7).
    public static func isEffective(_ call: Call) -> Bool {
        isEffective(outcome: call.outcome, finalStatus: call.finalStatus)
    }

    static func isEffective(outcome: CallOutcome, finalStatus: Int?) -> Bool {
        outcome == .answered || finalStatus.map { effectiveStatuses.contains($0) } == true
    }

    /// The network failed the call: 408, 500, 503, 504 (RFC 6076 §4.8). No
    /// final response counts as ineffective, unless the caller cancelled
    /// (then the missing 487 is the caller's doing, not the network's).
    public static func isIneffective(_ call: Call) -> Bool {
        isIneffective(outcome: call.outcome, finalStatus: call.finalStatus)
    }

    static func isIneffective(outcome: CallOutcome, finalStatus: Int?) -> Bool {
        if outcome == .incomplete { return true }
        guard outcome != .answered, let status = finalStatus else { return false }
        return ineffectiveStatuses.contains(status)
    }

    /// The session was set up and torn down cleanly: answered, then a BYE got
    /// a 2xx (RFC 6076 §4.9).
    public static func isCompleted(_ call: Call) -> Bool {
        guard call.outcome == .answered else { return false }
        return call.messages.contains {
            $0.message.cseq?.method == "BYE" && (200..<300).contains($0.message.status ?? 0)
        }
    }

    private func ratio(_ numerator: Int, _ denominator: Int) -> Double? {
        denominator > 0 ? Double(numerator) / Double(denominator) : nil
    }
}

extension CallMetrics {
    /// Samples of one timing in milliseconds, with count, minimum, median,
    /// 95th percentile and maximum.
    ///
    /// Percentiles use the nearest-rank method: the p-th percentile of n sorted
    /// samples is the sample at rank ⌈p/100 × n⌉ (1-based), so it is always a
    /// value that was measured, never an interpolation between two calls.
    /// Delays in milliseconds: count, min, max exactly; percentiles exactly
    /// (nearest rank) while there are at most `exactLimit` samples.
    ///
    /// Past that (a live session running for days, a capture of millions of
    /// calls) samples are folded into buckets 1 % wide on a log scale, so memory
    /// stays bounded (a few thousand counters) and a percentile is then the
    /// bucket's upper edge: within 1 % above the true value.
    public struct Distribution: Sendable, Equatable {
        public static let exactLimit = 100_000
        /// Bucket i holds values in (1.01^(i-1) µs, 1.01^i µs].
        static let growth = 1.01
        /// `log(growth)`, worked out once rather than for every sample.
        static let logGrowth = log(growth)

        /// Equal when they hold the same figures, in whatever order the calls
        /// ended (streamed analysis folds calls in as they end).
        public static func == (a: Distribution, b: Distribution) -> Bool {
            a.count == b.count && a.samples.sorted() == b.samples.sorted() && a.buckets == b.buckets
                && a.min == b.min && a.max == b.max
        }

        public private(set) var samples: [Double] = []
        /// Samples per bucket, by bucket number (0 up to the highest seen; a
        /// millisecond figure of any size has a bucket under 3,700). Empty
        /// while the samples are exact. An array rather than a dictionary:
        /// on a capture of a million packets every call past the limit adds
        /// to one, and hashing the key cost more than the logarithm.
        private var buckets: [Int] = []
        public private(set) var count = 0
        public private(set) var min: Double? = nil
        public private(set) var max: Double? = nil

        public init() {}

        public mutating func add(_ ms: Double) {
            count += 1
            min = Swift.min(min ?? ms, ms)
            max = Swift.max(max ?? ms, ms)
            if buckets.isEmpty && samples.count < Distribution.exactLimit {
                samples.append(ms)
                return
            }
            if !samples.isEmpty {
                for sample in samples { fold(Distribution.bucket(sample)) }
                samples = []
            }
            fold(Distribution.bucket(ms))
        }

        private mutating func fold(_ bucket: Int) {
            if bucket >= buckets.count {
                buckets.append(contentsOf: repeatElement(0, count: bucket + 1 - buckets.count))
            }
            buckets[bucket] += 1
        }

        /// Whether percentiles are exact (false once samples were folded into buckets).
        public var isExact: Bool { buckets.isEmpty }
        public var median: Double? { percentile(50) }
        public var p95: Double? { percentile(95) }

        /// The nearest-rank `p`-th percentile (0 < p ≤ 100), nil without samples.
        /// `p` of 0 or less gives the minimum.
        public func percentile(_ p: Double) -> Double? {
            guard count > 0 else { return nil }
            // Multiply first: p × n is exact for whole p, so 95 × 20 / 100 is 19, not 19.000000000000004.
            let rank = Swift.min(Swift.max(Int((p * Double(count) / 100).rounded(.up)), 1), count)
            if buckets.isEmpty {
                return Distribution.smallest(rank, of: samples)
            }
            var seen = 0
            for bucket in buckets.indices where buckets[bucket] > 0 {
                seen += buckets[bucket]
                if seen >= rank {
                    let edge = Distribution.upperEdge(bucket)
                    return Swift.min(Swift.max(edge, min!), max!)
                }
            }
            return max
        }

        /// The `rank`-th smallest of `values` (1-based): what `sorted()[rank - 1]`
        /// gives, found by selection (Hoare's quickselect, pivot in the middle)
        /// in linear time on average. A report asks for two percentiles of six
        /// delays at the end of the run, with up to `exactLimit` samples each:
        /// sorting every time was a tenth of a 100k-packet summary's time.
        static func smallest(_ rank: Int, of values: [Double]) -> Double {
            precondition(rank >= 1 && rank <= values.count, "rank inside the values")
            var a = values
            let k = rank - 1
            var low = 0
            var high = a.count - 1
            while low < high {
                let pivot = a[low + (high - low) / 2]
                var i = low
                var j = high
                while i <= j {
                    while a[i] < pivot { i += 1 }
                    while a[j] > pivot { j -= 1 }
                    if i <= j {
                        a.swapAt(i, j)
                        i += 1
                        j -= 1
                    }
                }
                // Now a[low...j] <= pivot <= a[i...high], and between them (j < x < i) equal to it.
                if k <= j {
                    high = j
                } else if k >= i {
                    low = i
                } else {
                    return a[k]
                }
            }
            return a[k]
        }

        static func bucket(_ ms: Double) -> Int {
            let micros = Swift.max(ms * 1000, 1)
            return Int((log(micros) / logGrowth).rounded(.up))
        }

        static func upperEdge(_ bucket: Int) -> Double {
            pow(growth, Double(bucket)) / 1000
        }
    }
}
