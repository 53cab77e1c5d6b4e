import SIP
import TestSupport
import Testing

@testable import Calls

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// A finished call built directly: the metrics read only outcome, final status,
/// timings and, for SCR, the BYE's response.
private func call(
    _ outcome: CallOutcome, _ status: Int?, method: String = "INVITE", pdd: Double? = nil, setup: Double? = nil,
    duration: Double? = nil, byeAnswered: Bool = false
) -> Call {
    var messages: [MessageRecord] = []
    if byeAnswered {
        messages.append(record(9, ms: 9000, response(200, "OK", cseq: 2, method: "BYE", branch: "z9hG4bKbye")))
    }
    return Call(
        callID: "c", method: method, from: nil, to: nil, messages: messages, outcome: outcome, finalStatus: status,
        finalReason: nil, earlyMedia: false, pddMs: pdd, setupMs: setup, durationMs: duration)
}

@Suite struct CallMetricsTests {
    @Test func emptyHasNoRatios() {
        let m = CallMetrics()
        #expect(m.inviteCalls == 0)
        #expect(m.ser == nil && m.seer == nil && m.isa == nil && m.scr == nil && m.asr == nil)
        #expect(m.pdd.count == 0 && m.pdd.max == nil && m.pdd.median == nil && m.pdd.p95 == nil)
    }

    /// 10 INVITE calls: 4 answered (3 of them ended by an answered BYE), 2
    /// redirected, a 486, a 603, a 503, one with no final response; and a
    /// REGISTER that must not count.
    @Test func ratiosFollowRFC6076() {
        var m = CallMetrics()
        for _ in 0..<3 { m.add(call(.answered, 200, byeAnswered: true)) }
        m.add(call(.answered, 200))
        m.add(call(.failed, 302))
        m.add(call(.failed, 301))
        m.add(call(.failed, 486))
        m.add(call(.failed, 603))
        m.add(call(.failed, 503))
        m.add(call(.incomplete, nil))
        m.add(call(.completed, 200, method: "REGISTER"))
        #expect(m.inviteCalls == 10)
        #expect(m.answered == 4)
        #expect(m.redirected == 2)
        #expect(m.effective == 6)
        #expect(m.ineffective == 2)
        #expect(m.completed == 3)
        // §4.6: 4 / (10 − 2); §4.7: (4 + 486 + 603) / 8; §4.8: (503 + none) / 10; §4.9: 3 / 10; E.411: 4 / 10.
        #expect(m.ser == 0.5)
        #expect(m.seer == 0.75)
        #expect(m.isa == 0.2)
        #expect(m.scr == 0.3)
        #expect(m.asr == 0.4)
    }

    @Test func everyCallRedirectedLeavesSERUndefined() {
        var m = CallMetrics()
        m.add(call(.failed, 302))
        #expect(m.ser == nil)
        #expect(m.seer == nil)
        #expect(m.asr == 0)
        #expect(m.isa == 0)
    }

    @Test func cancelledWithoutFinalIsNotIneffective() {
        var m = CallMetrics()
        m.add(call(.cancelled, nil))
        m.add(call(.cancelled, 487))
        m.add(call(.failed, 408))
        m.add(call(.failed, 500))
        m.add(call(.failed, 504))
        #expect(m.ineffective == 3)
        #expect(m.isa == 0.6)
    }

    @Test func answeredWithoutBYEIsNotCompleted() {
        var m = CallMetrics()
        m.add(call(.answered, 200, duration: nil, byeAnswered: false))
        m.add(call(.answered, 200, byeAnswered: true))
        #expect(m.scr == 0.5)
    }

    @Test func distributionsKeepEveryTiming() {
        var m = CallMetrics()
        m.add(call(.answered, 200, pdd: 30, setup: 100, duration: 5000))
        m.add(call(.answered, 200, pdd: 10, setup: 300, duration: 1000))
        m.add(call(.failed, 486, pdd: 20))
        m.add(call(.failed, 404))
        #expect(m.pdd.samples == [30, 10, 20])
        #expect(m.pdd.count == 3)
        #expect(m.pdd.min == 10)
        #expect(m.pdd.median == 20)
        #expect(m.pdd.p95 == 30)
        #expect(m.pdd.max == 30)
        #expect(m.setup.count == 2)
        #expect(m.setup.median == 100)
        #expect(m.duration.max == 5000)
    }

    /// Nearest rank: rank ⌈p·n/100⌉ of the sorted samples, never an interpolation.
    @Test(arguments: [
        (50.0, 10.0), (95.0, 19.0), (95.1, 20.0), (5.0, 1.0), (5.1, 2.0), (100.0, 20.0), (0.0, 1.0), (1.0, 1.0),
    ])
    func nearestRankPercentile(p: Double, expected: Double) {
        var d = CallMetrics.Distribution()
        for v in (1...20).reversed() { d.add(Double(v)) }
        #expect(d.percentile(p) == expected)
    }

    @Test func percentileOfOneSample() {
        var d = CallMetrics.Distribution()
        d.add(7.5)
        #expect(d.percentile(1) == 7.5)
        #expect(d.median == 7.5)
        #expect(d.p95 == 7.5)
    }

    @Test func nonInviteCallsAreIgnored() {
        var m = CallMetrics()
        m.add(call(.completed, 200, method: "OPTIONS", pdd: 5))
        #expect(m == CallMetrics())
    }
}

@Suite struct DistributionBoundTests {
    /// Past the exact limit, memory stays bounded and percentiles stay within 1 %.
    @Test func foldsIntoBucketsWithinOnePercent() {
        var d = CallMetrics.Distribution()
        let n = CallMetrics.Distribution.exactLimit + 50_000
        for i in 0..<n { d.add(Double(i % 1000) + 1) }  // 1 ms … 1000 ms, evenly
        #expect(d.count == n)
        #expect(!d.isExact)
        #expect(d.samples.isEmpty)
        #expect(d.min == 1)
        #expect(d.max == 1000)
        let median = d.median!
        #expect(median >= 500 && median <= 505)
        let p95 = d.p95!
        #expect(p95 >= 950 && p95 <= 960)
    }

    /// Past the limit, every percentile is the upper edge of the bucket that
    /// holds its rank, bucket by bucket as a sorted count of `bucket(_:)`
    /// gives it, over values from a microsecond to days; and the order the
    /// samples came in does not matter.
    @Test func bucketPercentilesMatchACountPerBucket() {
        var rng = SplitMix64(seed: 4)
        let n = CallMetrics.Distribution.exactLimit + 3_000
        let values = (0..<n).map { i -> Double in
            i % 997 == 0 ? 0 : pow(10, Double.random(in: -3..<9, using: &rng))
        }
        var d = CallMetrics.Distribution()
        for v in values { d.add(v) }
        var reversed = CallMetrics.Distribution()
        for v in values.reversed() { reversed.add(v) }
        #expect(d == reversed)
        var perBucket: [Int: Int] = [:]
        for v in values { perBucket[CallMetrics.Distribution.bucket(v), default: 0] += 1 }
        let lowest = values.min()!
        let highest = values.max()!
        for p in [0.5, 1, 25, 50, 90, 95, 99, 99.9, 100] {
            let rank = min(max(Int((p * Double(n) / 100).rounded(.up)), 1), n)
            var seen = 0
            var expected: Double? = nil
            for bucket in perBucket.keys.sorted() {
                seen += perBucket[bucket]!
                if seen >= rank {
                    expected = min(max(CallMetrics.Distribution.upperEdge(bucket), lowest), highest)
                    break
                }
            }
            #expect(d.percentile(p) == expected, "p\(p)")
            #expect(reversed.percentile(p) == expected, "p\(p)")
        }
        #expect(CallMetrics.Distribution.bucket(Double(Int64.max) / 1_000_000) < 3_700)
    }
}

/// Percentiles are found by selection, not by sorting: every rank of small
/// arrays (with many repeats, sorted, reversed) and random ranks of large
/// ones give the value the sorted array has there.
@Suite struct PercentileSelectionTests {
    @Test func selectionMatchesSorting() {
        var rng = SplitMix64(seed: 6076)
        for length in 1...40 {
            for shape in 0..<4 {
                var values = (0..<length).map { _ in Double(Int.random(in: 0..<(length / 3 + 1), using: &rng)) / 4 }
                if shape == 1 { values.sort() }
                if shape == 2 { values.sort(by: >) }
                if shape == 3 { values = values.map { $0 + Double.random(in: 0..<1, using: &rng) } }
                let sorted = values.sorted()
                for rank in 1...length {
                    #expect(CallMetrics.Distribution.smallest(rank, of: values) == sorted[rank - 1])
                }
            }
        }
        let large = (0..<50_000).map { _ in Double.random(in: 0..<3_000, using: &rng).rounded() }
        let sorted = large.sorted()
        for rank in [1, 2, 25_000, 47_500, 49_999, 50_000]
            + (0..<20).map({ _ in Int.random(in: 1...50_000, using: &rng) })
        {
            #expect(CallMetrics.Distribution.smallest(rank, of: large) == sorted[rank - 1])
        }
    }
}

/// The summary counts calls per outcome in an array, by `CallOutcome.index`.
@Suite struct OutcomeTallyTests {
    @Test func indexIsThePlaceInAllCases() {
        for (place, outcome) in CallOutcome.allCases.enumerated() { #expect(outcome.index == place) }
    }

    @Test func summaryCountsEachOutcome() {
        var summary = TrafficSummary()
        #expect(summary.outcomes.isEmpty && summary.outcomeCounts.isEmpty)
        let ended: [CallOutcome] = [.failed, .answered, .failed, .incomplete, .failed, .cancelled]
        for outcome in ended {
            var f = CallFigures()
            f.method = .invite
            f.outcome = outcome
            summary.count(f)
        }
        #expect(summary.outcomes == [.answered: 1, .failed: 3, .cancelled: 1, .incomplete: 1])
        #expect(summary.outcomeCounts.map(\.0) == [.answered, .failed, .cancelled, .incomplete])
        #expect(summary.outcomeCounts.map(\.1) == [1, 3, 1, 1])
        #expect(summary.calls == 6 && summary.inviteCalls == 6)
    }
}
