import Check
import Foundation
import SIPTrace
import TestSupport
import Testing

@Suite struct CheckJSONReportTests {
    @Test func sameVerdictsAsJSON() throws {
        let rules: [Rule] = [.ratio(RatioRule(metric: .ser, bound: 0.95)), .noMalformed]
        let json = CheckJSONReport().render([Checker(rules: rules).check(TestCaptures.mix)])
        let root = try #require(try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any])
        #expect(root["passed"] as? Bool == false)
        #expect(root["siptrace"] as? String == SIPTraceVersion.string)
        let captures = try #require(root["captures"] as? [[String: Any]])
        #expect(captures.count == 1)
        let capture = captures[0]
        #expect(capture["file"] as? String == TestCaptures.mixPath)
        #expect(capture["passed"] as? Bool == false)
        #expect(capture["calls"] as? Int == 42)
        #expect(capture["inviteCalls"] as? Int == 42)
        #expect(capture["sipMessages"] as? Int == 228)
        #expect(capture["truncation"] is NSNull)
        let verdicts = try #require(capture["rules"] as? [[String: Any]])
        #expect(verdicts.map { $0["rule"] as? String } == ["min_ser", "no_malformed"])
        let ser = verdicts[0]
        #expect(ser["passed"] as? Bool == false)
        #expect(ser["statement"] as? String == "SER 0.286 < 0.95")
        #expect(ser["measured"] as? Double == 0.285714)
        #expect(ser["bound"] as? Double == 0.95)
        #expect(ser["unit"] as? String == "ratio")
        let offenders = try #require(ser["offenders"] as? [[String: Any]])
        #expect(offenders.count == 30)
        #expect(offenders[0]["callId"] as? String == "3-mix-pcap@127.0.0.1")
        #expect(offenders[0]["frames"] as? [Int] == [14])
        #expect(offenders[0]["detail"] as? String == "final 486 Busy Here")
        #expect(verdicts[1]["passed"] as? Bool == true)
        #expect(verdicts[1]["measured"] as? Double == 0)
        #expect((verdicts[1]["offenders"] as? [Any])?.isEmpty == true)
    }

    @Test func malformedFrameHasNoCallID() throws {
        let json = CheckJSONReport().render([Checker(rules: [.noMalformed]).check(TestCaptures.troubled)])
        #expect(json.contains("\"callId\": null"))
        #expect(json.contains("\"detail\": \"broken start line: version is not SIP/2.0\""))
    }
}
