import Calls
import Decode
import SIP
import SIPTrace
import TestSupport
import Testing

@testable import Report

/// A compact writer lays each message out directly (`JSONReport.writeCompact`)
/// instead of key by key: every message of every capture, fixtures and public
/// corpus, must come out byte for byte as the key-by-key path writes it.
@Suite struct CompactMessageJSONTests {
    @Test(arguments: SummaryModeTests.captures)
    func everyMessageReadsAsTheGenericPathWritesIt(path: String) throws {
        let report = try Analyzer().analyze(path: path)
        var lists = report.calls.map(\.messages)
        lists.append(report.withoutCallID)
        lists.append(report.lateMessages)
        var compared = 0
        for records in lists {
            var fast = JSONWriter(pretty: false)
            var generic = JSONWriter(pretty: false)
            fast.beginArray()
            generic.beginArray()
            for i in records.indices {
                JSONReport.write(records, i, &fast)
                JSONReport.write(records, i, &generic, generic: true)
                compared += 1
            }
            fast.endArray()
            generic.endArray()
            #expect(fast.output == generic.output)
        }
        #expect(compared == report.summary.messages)
    }

    /// Text a capture may hold: quotes, backslashes, controls, C1 and line
    /// separators in the Request-URI, the reason phrase and the CSeq method;
    /// IPv6 endpoints; an unregistered status; SDP with no connection
    /// address and no codecs; parse problems; no CSeq at all.
    @Test func hostileTextReadsTheSame() {
        func parse(_ text: String) -> SIPMessage {
            let bytes = Array(text.replacingOccurrences(of: "\n", with: "\r\n").utf8)
            return bytes.withUnsafeBytes { raw in
                var parser = SIPParser()
                guard case .message(let view, _) = parser.parse(raw, stream: false) else {
                    fatalError("not a message: \(text)")
                }
                return SIPMessage(view)
            }
        }
        let v6 = Endpoint(address: IPAddress(ipv6High: 0x2001_0db8_0000_0000, low: 1), port: 5060)
        let v4 = Endpoint(address: IPAddress(ipv4: 0xC0A8_0001), port: 65535)
        let sdp = "v=0\no=- 1 1 IN IP4 1.2.3.4\ns=-\nt=0 0\nm=audio 0 RTP/AVP\nm=video 9 RTP/AVP 31\n"
        let texts = [
            "INVITE sip:\"q\\uote\u{7F}\u{85}\u{2028}@x SIP/2.0\nCall-ID: a\nCSeq: 1 IN\"V\u{1}TE\nContent-Type: application/sdp\nContent-Length: \(sdp.utf8.count)\n\n\(sdp)",
            "SIP/2.0 699 We\"ird \\ \u{9}reason\u{C2}\nCall-ID: a\nCSeq: 4294967295 BYE\n\n",
            "SIP/2.0 183 Session Progress\nCall-ID: a\nCSeq: 1 INVITE\nContent-Length: 99999\n\n",
            "OPTIONS sip:x SIP/2.0\nCall-ID: a\n\n",
            "SIP/2.0 410 Gone\nCall-ID: a\nCSeq: 2 INVITE\nBroken header line\n\n",
        ]
        var records: [MessageRecord] = []
        for (i, text) in texts.enumerated() {
            var record = MessageRecord(
                frame: Int.max - i, timestamp: i == 0 ? Int64.min : Int64(i) * 1_234_567_891,
                source: i % 2 == 0 ? v6 : v4, destination: i % 2 == 0 ? v4 : v6, transport: .tcp,
                message: parse(text))
            record.isRetransmission = i == 1
            record.isOtherHop = i == 2
            records.append(record)
        }
        #expect(records[0].message.sdp != nil)
        #expect(records[4].message.problems.isEmpty == false)
        var fast = JSONWriter(pretty: false)
        var generic = JSONWriter(pretty: false)
        for i in records.indices {
            fast.beginArray()
            generic.beginArray()
            JSONReport.write(records, i, &fast)
            JSONReport.write(records, i, &generic, generic: true)
            fast.endArray()
            generic.endArray()
            fast.lineBreak()
            generic.lineBreak()
        }
        #expect(fast.output == generic.output)
    }

    /// A writer copied in the middle of a document, then written on: the raw
    /// path makes the buffer its own before writing, as every other path does.
    @Test func aCopiedWriterStaysSeparate() throws {
        let path =
            Fixtures.packageRoot + "/Fixtures/"
            + Fixtures.files(in: Fixtures.packageRoot + "/Fixtures", suffixes: [".pcap"])[0]
        let report = try Analyzer().analyze(path: path)
        let records = try #require(report.calls.first?.messages)
        var w = JSONWriter(pretty: false)
        w.beginArray()
        let copy = w
        JSONReport.write(records, 0, &w)
        w.endArray()
        var expected = JSONWriter(pretty: false)
        expected.beginArray()
        JSONReport.write(records, 0, &expected, generic: true)
        expected.endArray()
        #expect(w.output == expected.output)
        #expect(copy.output == "[")
    }
}
