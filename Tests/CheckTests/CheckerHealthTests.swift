import Check
import SIPTrace
import TestSupport
import Testing

/// Signalling health, failing on the built capture (`TestCaptures.troubled`)
/// and holding on the sipp fixture.
@Suite struct CheckerHealthTests {
    @Test func unansweredInvite() {
        let v = TestCaptures.verdict(.noUnansweredInvite, TestCaptures.troubled)
        #expect(!v.passed)
        #expect(v.statement == "INVITEs without any response: 1")
        #expect(
            v.offenders == [
                Offender(
                    callID: "silent@test", frames: [10, 11], detail: "INVITE (CSeq 1) sent 2× without any response")
            ])
        let mix = TestCaptures.verdict(.noUnansweredInvite, TestCaptures.mix)
        #expect(mix.passed)
        #expect(mix.statement == "INVITEs without any response: none")
    }

    @Test func unacked200() {
        let v = TestCaptures.verdict(.noUnacked200, TestCaptures.troubled)
        #expect(!v.passed)
        #expect(v.statement == "2xx to INVITE resent before any ACK: 1")
        #expect(
            v.offenders == [
                Offender(
                    callID: "lost-ack@test", frames: [4, 5, 6], detail: "2xx (CSeq 1 INVITE) sent 3× before any ACK")
            ])
        #expect(TestCaptures.verdict(.noUnacked200, TestCaptures.mix).passed)
    }

    /// 3 of the 14 SIP messages are retransmissions (two 200s, one INVITE).
    @Test func retransmissions() {
        let v = TestCaptures.verdict(.maxRetransmissions(.percent(5)), TestCaptures.troubled)
        #expect(!v.passed)
        #expect(v.statement == "retransmissions 3 of 14 (21.429%) > 5%")
        #expect(v.measured == 300.0 / 14)
        #expect(
            v.offenders == [
                Offender(callID: "lost-ack@test", frames: [5, 6], detail: "2 retransmitted: 200, 200"),
                Offender(callID: "silent@test", frames: [11], detail: "1 retransmitted: INVITE"),
            ])
        let count = TestCaptures.verdict(.maxRetransmissions(.count(3)), TestCaptures.troubled)
        #expect(count.passed)
        #expect(count.statement == "retransmissions 3 <= 3")
        let mix = TestCaptures.verdict(.maxRetransmissions(.percent(0)), TestCaptures.mix)
        #expect(mix.passed)
        #expect(mix.statement == "retransmissions 0 of 228 (0%) <= 0%")
    }

    @Test func malformed() {
        let v = TestCaptures.verdict(.noMalformed, TestCaptures.troubled)
        #expect(!v.passed)
        #expect(v.statement == "malformed SIP messages: 1")
        #expect(
            v.offenders == [Offender(callID: nil, frames: [12], detail: "broken start line: version is not SIP/2.0")])
        #expect(TestCaptures.verdict(.noMalformed, TestCaptures.mix).passed)
    }
}
