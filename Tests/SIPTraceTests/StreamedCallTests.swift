import Report
import SIPTrace
import TestSupport
import Testing

/// `--format ndjson` writes each call as it ends, from the compact copies of
/// its messages kept while it was live. Each line must read exactly as that
/// call does in `--format json`: same keys, same values, same ladder. Until
/// this test, the compact copy dropped display names, the SDP of responses and
/// every medium past the first, and a streamed 183 said `"sdp": false`.
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
        // Streamed calls come out as they end; the full report lists them by
        // first appearance.
        let streamed = lines.sorted { ($0.frame, $0.json) < ($1.frame, $1.json) }
        let reported = expected.sorted { ($0.frame, $0.json) < ($1.frame, $1.json) }
        #expect(streamed.count == reported.count)
        for (s, r) in zip(streamed, reported) {
            #expect(s.json == r.json)
        }
    }
}
