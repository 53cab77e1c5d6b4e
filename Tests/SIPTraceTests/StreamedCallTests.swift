import Report
import TestSupport
import Testing

@testable import SIPTrace

/// `--format ndjson` writes each call as it ends, from the compact copies of
/// its messages kept while it was live. Each line must read exactly as that
/// call does in `--format json`: same keys, same values, same ladder. Until
/// this test, the compact copy dropped display names, the SDP of responses and
/// every medium past the first, and a streamed 183 said `"sdp": false`.
/// Streaming runs the call tracking on a second thread: the calls must not
/// depend on it.
@Suite struct StreamedCallTests {
    @Test(arguments: SummaryModeTests.captures)
    func streamedCallsReadAsInTheFullReport(path: String) throws {
        let full = try Analyzer().analyze(path: path)
        var streaming = Analyzer()
        streaming.retainCalls = false
        var lines: [(frame: Int, json: String)] = []
        _ = try streaming.analyze(path: path) { call in
            var w = JSONWriter(pretty: false)
            JSONReport.write(call, &w)
            lines.append((call.messages.first?.frame ?? 0, w.output))
        }
        let expected = full.calls.map { call in
            var w = JSONWriter(pretty: false)
            JSONReport.write(call, &w)
            return (frame: call.messages.first?.frame ?? 0, json: w.output)
        }
        // The calls are built on the tracking thread; on the caller's thread,
        // and on the tracking thread with batches of 7 (many hand-overs, with
        // expiries inside and at the edges of batches), they are the same
        // calls, ending in the same order.
        // Tag shares 0 and 8 fix who reads the tags and who frees the ended
        // calls (the reading side frees them only at 8, see `takeOutbox`).
        // With `streamsMessageJSON` (what ndjson runs), each message's JSON is
        // written as it is read and the call keeps that instead of records:
        // every line must still be the same, byte for byte.
        let runs: [(threaded: Bool, batchSize: Int, share: Int?, json: Bool)] = [
            (false, MessageBatch.defaultCapacity, nil, false), (true, 7, nil, false), (true, 7, 0, false),
            (true, 5, 8, false), (true, MessageBatch.defaultCapacity, nil, true),
            (false, MessageBatch.defaultCapacity, nil, true), (true, 7, 0, true), (true, 5, 8, true),
        ]
        for (threaded, batchSize, share, json) in runs {
            var other = Analyzer()
            other.retainCalls = false
            other.streamsMessageJSON = json
            other.trackOnSecondThread = threaded
            other.trackingBatchSize = batchSize
            other.fixedTagShare = share
            var otherLines: [String] = []
            let otherReport = try other.analyze(path: path) { call in
                var w = JSONWriter(pretty: false)
                JSONReport.write(call, &w)
                otherLines.append(w.output)
            }
            #expect(
                otherLines == lines.map(\.json),
                "second thread \(threaded), batches of \(batchSize), tag share \(share.map(String.init) ?? "adaptive"), JSON as read \(json)"
            )
            #expect(otherReport.summary == full.summary)
            // Late copies are counted either way (in `summary`); writing JSON
            // as read, none is kept as a record (ndjson never lists them).
            #expect(otherReport.lateMessages.map(\.frame) == (json ? [] : full.lateMessages.map(\.frame)))
            #expect(otherReport.withoutCallID.map(\.frame) == full.withoutCallID.map(\.frame))
        }
        // Streamed calls come out as they end; the full report lists them by
        // first appearance.
        let streamed = lines.sorted { ($0.frame, $0.json) < ($1.frame, $1.json) }
        let reported = expected.sorted { ($0.frame, $0.json) < ($1.frame, $1.json) }
        #expect(streamed.count == reported.count)
        for (s, r) in zip(streamed, reported) {
            #expect(s.json == r.json)
        }
    }

    /// Streaming without dialogs (a library user's choice: the CLI's ndjson
    /// always works them out), a message's SDP is not parsed, and its JSON
    /// says `"sdp":false` as a record made without it does: written as read
    /// or from records, every line is the same.
    @Test(arguments: SummaryModeTests.captures)
    func withoutDialogsTheStreamedLinesAreTheSame(path: String) throws {
        func lines(json: Bool) throws -> [String] {
            var analyzer = Analyzer()
            analyzer.retainCalls = false
            analyzer.dialogs = false
            analyzer.streamsMessageJSON = json
            var lines: [String] = []
            _ = try analyzer.analyze(path: path) { call in
                var w = JSONWriter(pretty: false)
                JSONReport.write(call, &w)
                lines.append(w.output)
            }
            return lines
        }
        #expect(try lines(json: true) == lines(json: false))
    }

    /// The full report tracks calls on the second thread too: the whole JSON
    /// report is the same, byte for byte, as on one thread, with batches of
    /// 7 and with the tag share at 0 and 8.
    @Test(arguments: SummaryModeTests.captures)
    func fullReportIsTheSameOnOneThread(path: String) throws {
        var one = Analyzer()
        one.trackOnSecondThread = false
        let expected = JSONReport(pretty: false).render(try one.analyze(path: path))
        for (batchSize, share) in [(MessageBatch.defaultCapacity, nil), (7, 0), (5, 8)] as [(Int, Int?)] {
            var two = Analyzer()
            two.trackingBatchSize = batchSize
            two.fixedTagShare = share
            let report = JSONReport(pretty: false).render(try two.analyze(path: path))
            #expect(report == expected, "batches of \(batchSize), tag share \(share.map(String.init) ?? "adaptive")")
        }
    }
}
