import SIPTrace
import TestSupport
import Testing

/// `analyze --summary` counts from the compact facts alone (`countsOnly`): no
/// message is copied, no `Call` is built. It must count exactly what the full
/// analysis counts, on every fixture and every capture of the public corpus.
@Suite struct SummaryModeTests {
    static var captures: [String] {
        let fixtures = Fixtures.packageRoot + "/Fixtures"
        var paths = Fixtures.files(in: fixtures, suffixes: [".pcap", ".pcapng"]).map { fixtures + "/" + $0 }
        if let corpus = Corpus.directory {
            paths += Corpus.captures.map { corpus + "/" + $0 }
        } else {
            print("SummaryModeTests: ../shared/captures/public not found; comparing the project's fixtures only")
        }
        return paths
    }

    @Test(arguments: SummaryModeTests.captures)
    func summaryCountsWhatTheFullAnalysisCounts(path: String) throws {
        let full = try Analyzer().analyze(path: path)
        var streaming = Analyzer()
        streaming.retainCalls = false
        var streamed = 0
        let ndjson = try streaming.analyze(path: path) { _ in streamed += 1 }
        var counting = Analyzer()
        counting.retainCalls = false
        counting.dialogs = false
        counting.countsOnly = true
        var called = 0
        let summary = try counting.analyze(path: path) { _ in called += 1 }
        // Tracking on the caller's thread, and on the second thread with
        // batches of 7 messages so that every capture crosses many hand-overs
        // (and expiries fall inside and at the edges of batches).
        counting.trackOnSecondThread = false
        let oneThread = try counting.analyze(path: path) { _ in called += 1 }
        counting.trackOnSecondThread = true
        counting.trackingBatchSize = 7
        let smallBatches = try counting.analyze(path: path) { _ in called += 1 }
        for other in [oneThread, smallBatches] {
            #expect(other.summary == summary.summary)
            #expect(other.withoutCallID.map(\.frame) == summary.withoutCallID.map(\.frame))
            #expect(other.malformed.map(\.frame) == summary.malformed.map(\.frame))
        }

        #expect(summary.summary == full.summary)
        #expect(ndjson.summary == full.summary)
        #expect(summary.summary.calls == full.calls.count && streamed == full.calls.count)
        #expect(summary.calls.isEmpty && called == 0)
        #expect(summary.capture.packets == full.capture.packets)
        #expect(summary.capture.skippedByReason.map(\.reason) == full.capture.skippedByReason.map(\.reason))
        #expect(summary.capture.skippedByReason.map(\.count) == full.capture.skippedByReason.map(\.count))
        #expect(summary.malformed.map(\.frame) == full.malformed.map(\.frame))
        #expect(summary.withoutCallID.map(\.frame) == full.withoutCallID.map(\.frame))
    }
}
