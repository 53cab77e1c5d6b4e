import Decode
import SIP
import TestSupport
import Testing

@testable import Calls
@testable import Report
@testable import SIPTrace

/// A compact writer lays each call out directly (`JSONReport.writeCompact(_:_:)`
/// for a call) instead of key by key: every call of every capture, fixtures
/// and public corpus, whole or streamed, and a call of hostile text, must
/// come out byte for byte as the key-by-key path writes it.
@Suite struct CompactCallJSONTests {
    static func bothWays(_ call: Call) -> (fast: String, generic: String) {
        var fast = JSONWriter(pretty: false)
        var generic = JSONWriter(pretty: false)
        JSONReport.write(call, &fast)
        JSONReport.write(call, &generic, generic: true)
        fast.lineBreak()
        generic.lineBreak()
        return (fast.output, generic.output)
    }

    @Test(arguments: SummaryModeTests.captures)
    func everyCallReadsAsTheGenericPathWritesIt(path: String) throws {
        let report = try Analyzer().analyze(path: path)
        for call in report.calls {
            let (fast, generic) = CompactCallJSONTests.bothWays(call)
            #expect(fast == generic)
        }
        var streaming = Analyzer()
        streaming.retainCalls = false
        streaming.streamsMessageJSON = true
        var streamed = 0
        _ = try streaming.analyze(path: path) { call in
            let (fast, generic) = CompactCallJSONTests.bothWays(call)
            #expect(fast == generic)
            streamed += 1
        }
        #expect(streamed == report.calls.count)
    }

    /// Quotes, backslashes and controls in every string; a REGISTER's own
    /// keys; a fork with events; numbers not finite; nothing set at all.
    @Test func hostileCallReadsTheSame() {
        var call = Call(
            callID: "a\"b\\c\u{1}", method: "REGISTER",
            from: NameAddress(displayName: "Al \"the\" \\ 1", uri: "sip:al\u{2028}@x", tag: "t\"1"),
            to: NameAddress(uri: "sip:+1@y"), messages: [], outcome: .failed, finalStatus: 699,
            finalReason: "We\"ird\u{7F}", earlyMedia: true)
        call.pddMs = 1.5
        call.setupMs = .nan
        call.durationMs = .infinity
        call.srdMs = 0.0004
        call.sddMs = 123456.789
        call.rrdMs = 2
        call.expiresGranted = 3600
        call.challenges = 2
        call.transactions = 7
        var first = Dialog(toTag: "x\"y", fromTag: nil)
        first.enter(.trying)
        first.enter(.earlyMedia)
        first.events = [
            DialogEvent(frame: 3, timestamp: -1_000_000_123, kind: "fork", detail: "tag \"q\""),
            DialogEvent(frame: Int.max, timestamp: Int64.max, kind: "hold", detail: "a=sendonly"),
        ]
        var second = Dialog(toTag: nil, fromTag: "f")
        second.enter(.failed)
        call.dialogs = [first, second]
        let (fast, generic) = CompactCallJSONTests.bothWays(call)
        #expect(fast == generic)

        let empty = Call(
            callID: "", method: "OPTIONS", from: nil, to: nil, messages: [], outcome: .incomplete, finalStatus: nil,
            finalReason: nil, earlyMedia: false)
        let (fastEmpty, genericEmpty) = CompactCallJSONTests.bothWays(empty)
        #expect(fastEmpty == genericEmpty)
    }
}
