import Check
import SIPTrace
import TestSupport
import Testing

/// Outcome rules on the fixtures: mix.pcap has 42 INVITE calls, 6 each of
/// answer, early (both answered), 486, 410, 503, cancel (487) and 404.
@Suite struct CheckerOutcomesTests {
    @Test func everyCallAnsweredFailsOnMix() {
        let v = TestCaptures.verdict(.everyCallAnswered, TestCaptures.mix)
        #expect(!v.passed)
        #expect(v.rule == "every_call_answered")
        #expect(v.statement == "every INVITE call answered: 12 of 42")
        #expect(v.measured == 30 && v.bound == 0 && v.unit == .count)
        #expect(v.offenders.count == 30)
        #expect(v.offenders[0] == Offender(callID: "3-mix-pcap@127.0.0.1", frames: [14], detail: "final 486 Busy Here"))
        #expect(
            v.offenders[3]
                == Offender(callID: "6-mix-pcap@127.0.0.1", frames: [37], detail: "final 487 Request Terminated"))
    }

    @Test func everyCallAnsweredPassesOnBasicCall() {
        let v = TestCaptures.verdict(.everyCallAnswered, TestCaptures.analyze(Fixtures.path("basic-call.pcap")))
        #expect(v.passed)
        #expect(v.statement == "every INVITE call answered: 1 of 1")
        #expect(v.offenders == [])
    }

    /// A capture with no INVITE call cannot show every call was answered.
    @Test func everyCallAnsweredFailsWithoutCalls() {
        let v = TestCaptures.verdict(.everyCallAnswered, TestCaptures.analyze(Fixtures.path("register-401.pcap")))
        #expect(!v.passed)
        #expect(v.statement == "every INVITE call answered: no INVITE call in the capture")
    }

    @Test func maxFailedAsAShare() {
        let v = TestCaptures.verdict(.maxFailed(.percent(10)), TestCaptures.mix)
        #expect(!v.passed)
        #expect(v.statement == "failed calls 24 of 42 (57.143%) > 10%")
        #expect(v.measured == 2400.0 / 42 && v.bound == 10 && v.unit == .percent)
        // 486, 410, 503, 404: cancelled calls are not failed.
        #expect(v.offenders.count == 24)
        #expect(!v.offenders.contains { $0.callID == "6-mix-pcap@127.0.0.1" })
        #expect(TestCaptures.verdict(.maxFailed(.percent(60)), TestCaptures.mix).passed)
    }

    @Test func maxFailedAsACount() {
        let pass = TestCaptures.verdict(.maxFailed(.count(24)), TestCaptures.mix)
        #expect(pass.passed)
        #expect(pass.statement == "failed calls 24 <= 24")
        #expect(pass.measured == 24 && pass.unit == .count)
        #expect(pass.offenders == [])
        let fail = TestCaptures.verdict(.maxFailed(.count(23)), TestCaptures.mix)
        #expect(!fail.passed)
        #expect(fail.statement == "failed calls 24 > 23")
    }

    @Test func failOnFindsThe503s() {
        let v = TestCaptures.verdict(.failOn([.responseClass(5), .responseClass(6), .code(408)]), TestCaptures.mix)
        #expect(!v.passed)
        #expect(v.statement == "final responses in 5xx, 6xx, 408: 6 calls")
        #expect(v.offenders.map(\.callID) == [5, 10, 15, 27, 32, 37].map { "\($0)-mix-pcap@127.0.0.1" })
        #expect(v.offenders.map(\.frames) == [[24], [50], [75], [142], [171], [195]])
        #expect(v.offenders.allSatisfy { $0.detail == "final 503 Service Unavailable" })
    }

    @Test func failOnPassesWhenNoneMatch() {
        let v = TestCaptures.verdict(.failOn([.responseClass(6), .code(408)]), TestCaptures.mix)
        #expect(v.passed)
        #expect(v.statement == "final responses in 6xx, 408: none")
        #expect(v.measured == 0)
    }

    @Test func noIncompletePassesOnMix() {
        let v = TestCaptures.verdict(.noIncomplete, TestCaptures.mix)
        #expect(v.passed)
        #expect(v.statement == "incomplete calls: none")
    }

    @Test func noIncompleteFindsTheSilentCall() {
        let v = TestCaptures.verdict(.noIncomplete, TestCaptures.troubled)
        #expect(!v.passed)
        #expect(v.statement == "incomplete calls: 1")
        #expect(v.offenders == [Offender(callID: "silent@test", frames: [11], detail: "no final response")])
    }
}
