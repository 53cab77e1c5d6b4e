import Check
import SIPTrace
import TestSupport

/// The captures and analyses the Check tests read: the real fixtures, and one
/// built capture with the trouble no sipp fixture has (a lost ACK, a silent
/// callee, a malformed message, hostile packet text).
enum TestCaptures {
    static let mixPath = Fixtures.path("mix.pcap")
    static let mix = analyze(mixPath)

    /// Frames (one second apart):
    ///  1–9  `lost-ack@test`: INVITE 100 180 200 200 200 ACK BYE 200, the 2xx resent twice before the ACK.
    ///  10–11 `silent@test`: INVITE, INVITE again, no response at all.
    ///  12   a request whose version is SIP/3.0: malformed.
    ///  13–15 a Call-ID and reason with markup, quotes and controls: INVITE 486 ACK.
    static let troubledPath: String = {
        var pcap = PcapBuilder()
        let a = "lost-ack@test"
        pcap.udp(sipBytes(request("INVITE", a, cseq: 1, branch: "z9hG4bKa1")))
        pcap.udp(sipBytes(response(100, "Trying", a, cseq: 1, branch: "z9hG4bKa1", toTag: nil)))
        pcap.udp(sipBytes(response(180, "Ringing", a, cseq: 1, branch: "z9hG4bKa1")))
        for _ in 0..<3 { pcap.udp(sipBytes(response(200, "OK", a, cseq: 1, branch: "z9hG4bKa1"))) }
        pcap.udp(sipBytes(request("ACK", a, cseq: 1, branch: "z9hG4bKa2", toTag: "t1")))
        pcap.udp(sipBytes(request("BYE", a, cseq: 2, branch: "z9hG4bKa3", toTag: "t1")))
        pcap.udp(sipBytes(response(200, "OK", a, cseq: 2, method: "BYE", branch: "z9hG4bKa3")))
        let b = "silent@test"
        pcap.udp(sipBytes(request("INVITE", b, cseq: 1, branch: "z9hG4bKb1")))
        pcap.udp(sipBytes(request("INVITE", b, cseq: 1, branch: "z9hG4bKb1")))
        pcap.udp(sipBytes("INVITE sip:bob@example.com SIP/3.0\nCall-ID: broken\n\n"))
        let c = hostileCallID
        pcap.udp(sipBytes(request("INVITE", c, cseq: 1, branch: "z9hG4bKc1")))
        pcap.udp(sipBytes(response(486, hostileReason, c, cseq: 1, branch: "z9hG4bKc1")))
        pcap.udp(sipBytes(request("ACK", c, cseq: 1, branch: "z9hG4bKc1", toTag: "t1")))
        return Fixtures.temporaryFile(pcap.bytes)
    }()
    static let troubled = analyze(troubledPath)

    static let hostileCallID = "evil<&>\"'\u{1B}[31m@test"
    static let hostileReason = "Busy <b>&amp;\u{7}]]>"

    static func analyze(_ path: String) -> AnalysisReport {
        do {
            return try Analyzer().analyze(path: path)
        } catch {
            fatalError("cannot analyze \(path): \(error)")
        }
    }

    /// The verdict of one rule on one analysis.
    static func verdict(_ rule: Rule, _ report: AnalysisReport) -> Verdict {
        Checker(rules: [rule]).check(report).verdicts[0]
    }

    /// `Tests/CheckTests/<name>`.
    static func testFile(_ name: String) -> String {
        Fixtures.packageRoot + "/Tests/CheckTests/" + name
    }

    static func request(_ method: String, _ callID: String, cseq: Int, branch: String, toTag: String? = nil) -> String {
        var s = "\(method) sip:bob@b SIP/2.0\nVia: SIP/2.0/UDP a;branch=\(branch)\nFrom: <sip:alice@a>;tag=f1\n"
        s += "To: <sip:bob@b>" + (toTag.map { ";tag=\($0)" } ?? "") + "\nCall-ID: \(callID)\nCSeq: \(cseq) \(method)\n"
        return s + "Content-Length: 0\n\n"
    }

    static func response(
        _ status: Int, _ reason: String, _ callID: String, cseq: Int, method: String = "INVITE", branch: String,
        toTag: String? = "t1"
    ) -> String {
        var s = "SIP/2.0 \(status) \(reason)\nVia: SIP/2.0/UDP a;branch=\(branch)\nFrom: <sip:alice@a>;tag=f1\n"
        s += "To: <sip:bob@b>" + (toTag.map { ";tag=\($0)" } ?? "") + "\nCall-ID: \(callID)\nCSeq: \(cseq) \(method)\n"
        return s + "Content-Length: 0\n\n"
    }
}
