import Check
import SIPTrace
import TestSupport
import Testing

/// Per-call expectations on mix.pcap, whose callee users pick the outcome.
@Suite struct CheckerExpectationsTests {
    private func expect(_ e: CallExpectation) -> Verdict {
        TestCaptures.verdict(.expect(e), TestCaptures.mix)
    }

    @Test func theCallToGoneEndsIn410() {
        let v = expect(CallExpectation(selector: .toUser("gone"), finalStatus: .code(410)))
        #expect(v.passed)
        #expect(v.rule == "call to=gone")
        #expect(v.statement == "call to=gone (6 calls): final 410")
    }

    @Test func wrongFinalListsEveryCall() {
        let v = expect(CallExpectation(selector: .toUser("busy"), finalStatus: .code(410)))
        #expect(!v.passed)
        #expect(v.statement == "call to=busy (6 calls): final 410; 6 differ")
        #expect(
            v.offenders[0]
                == Offender(
                    callID: "3-mix-pcap@127.0.0.1", frames: [14], detail: "final 486 Busy Here, expected final 410"))
        #expect(v.measured == 6)
    }

    @Test func finalClass() {
        #expect(expect(CallExpectation(selector: .toUser("busy"), finalStatus: .responseClass(4))).passed)
        #expect(!expect(CallExpectation(selector: .toUser("unavail"), finalStatus: .responseClass(4))).passed)
    }

    @Test func earlyMedia() {
        #expect(expect(CallExpectation(selector: .toUser("early"), earlyMedia: true)).passed)
        let v = expect(CallExpectation(selector: .toUser("answer"), earlyMedia: true))
        #expect(!v.passed)
        #expect(
            v.offenders[0]
                == Offender(callID: "1-mix-pcap@127.0.0.1", frames: [2, 3], detail: "no early media, expected some"))
    }

    @Test func responseSequence() {
        let pass = expect(CallExpectation(selector: .toUser("early"), responses: [100, 183, 200]))
        #expect(pass.passed)
        #expect(pass.statement == "call to=early (6 calls): responses [100, 183, 200]")
        // The 200 answering the CANCEL is not a response to the INVITE.
        let v = expect(CallExpectation(selector: .callID("6-mix-pcap@127.0.0.1"), responses: [100, 180, 200]))
        #expect(!v.passed)
        #expect(v.statement == "call 6-mix-pcap@127.0.0.1 (1 call): responses [100, 180, 200]; 1 differ")
        #expect(
            v.offenders == [
                Offender(
                    callID: "6-mix-pcap@127.0.0.1", frames: [27, 28, 37],
                    detail: "responses [100, 180, 487], expected [100, 180, 200]")
            ])
    }

    @Test func outcomeByOrderOfAppearance() {
        #expect(expect(CallExpectation(selector: .index(1), outcome: .answered)).passed)
        let v = expect(CallExpectation(selector: .index(6), outcome: .answered))
        #expect(!v.passed)
        #expect(v.rule == "call #6")
        #expect(
            v.offenders == [
                Offender(callID: "6-mix-pcap@127.0.0.1", frames: [37], detail: "outcome cancelled, expected answered")
            ])
    }

    @Test func regularExpressions() {
        let v = expect(CallExpectation(selector: .toPattern("^(busy|unavail)$"), outcome: .failed))
        #expect(v.passed)
        #expect(v.statement == "call to~^(busy|unavail)$ (12 calls): outcome failed")
        #expect(
            expect(CallExpectation(selector: .fromPattern("^call"), earlyMedia: false)).statement.contains("(42 calls)")
        )
    }

    @Test func fromUser() {
        let v = expect(CallExpectation(selector: .fromUser("caller"), outcome: .answered))
        #expect(!v.passed)
        #expect(v.statement == "call from=caller (42 calls): outcome answered; 30 differ")
    }

    /// An expectation about a call that never happened fails.
    @Test(arguments: [
        CallSelector.callID("nope"), .toUser("nobody"), .fromUser("nobody"), .toPattern("^zz"), .index(43),
    ])
    func noCallMatches(selector: CallSelector) {
        let v = expect(CallExpectation(selector: selector, outcome: .answered))
        #expect(!v.passed)
        #expect(v.statement == "call \(selector): no call matches (expected outcome answered)")
    }

    @Test func severalExpectationsAtOnce() {
        let e = CallExpectation(
            selector: .index(3), outcome: .answered, finalStatus: .code(200), earlyMedia: true, responses: [100, 200])
        let v = expect(e)
        #expect(
            v.offenders == [
                Offender(
                    callID: "3-mix-pcap@127.0.0.1", frames: [12, 13, 14],
                    detail:
                        "outcome failed, expected answered, final 486 Busy Here, expected final 200, no early media, expected some, responses [100, 180, 486], expected [100, 200]"
                )
            ])
    }
}
