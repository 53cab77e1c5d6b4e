import Decode
import SIP
import TestSupport
import Testing

@testable import Calls
@testable import Report
@testable import SIPTrace

/// A streamed call's message (`StreamedMessage.make`) is read from the parsed
/// message directly, not through a `SIPMessage`: its JSON and every field the
/// dialogs and the call read must come out as the record's do, on text a
/// capture may hold.
@Suite struct StreamedMessageTests {
    /// Quotes, backslashes, controls, C1 and line separators, invalid UTF-8
    /// (repaired in the record's strings) in the URI, the reason and the
    /// CSeq method; IPv6; an unregistered status; SDP without address or
    /// codecs; parse problems; no CSeq; quoted and long tags; RSeq, Min-SE,
    /// Session-Expires, Refer-To and a sipfrag body; a re-INVITE's offer.
    static let texts: [[UInt8]] = {
        let sdp = "v=0\no=- 1 1 IN IP4 1.2.3.4\ns=-\nt=0 0\nm=audio 0 RTP/AVP\nm=video 9 RTP/AVP 31\n"
        let hold = "v=0\no=- 1 2 IN IP4 1.2.3.4\ns=-\nc=IN IP4 0.0.0.0\nt=0 0\nm=audio 4000 RTP/AVP 0 8\na=sendonly\n"
        func bytes(_ text: String) -> [UInt8] { Array(text.replacingOccurrences(of: "\n", with: "\r\n").utf8) }
        return [
            bytes(
                "INVITE sip:\"q\\uote\u{7F}\u{85}\u{2028}@x SIP/2.0\nCall-ID: a\nCSeq: 1 IN\"V\u{1}TE\nFrom: <sip:a@x>;tag=\"quoted tag\"\nTo: \"Bob\" <sip:b@y>\nContent-Type: application/sdp\nContent-Length: \(sdp.utf8.count)\n\n\(sdp)"
            ),
            bytes("SIP/2.0 699 We\"ird \\ \u{9}reason\u{C2}\nCall-ID: a\nCSeq: 4294967295 BYE\n\n"),
            bytes(
                "SIP/2.0 183 Session Progress\nCall-ID: a\nCSeq: 1 INVITE\nTo: <sip:b@y>;tag=a-tag-longer-than-fifteen-bytes\nRSeq: 77\nContent-Length: 99999\n\n"
            ),
            bytes("OPTIONS sip:x SIP/2.0\nCall-ID: a\n\n"),
            bytes("SIP/2.0 410 Gone\nCall-ID: a\nCSeq: 2 INVITE\nBroken header line\n\n"),
            bytes("SIP/2.0 200 OK\nCall-ID: a\nCSeq: 3 UPDATE\nSession-Expires: 1800;refresher=uac\n\n"),
            bytes("SIP/2.0 422 Session Interval Too Small\nCall-ID: a\nCSeq: 4 INVITE\nMin-SE: 90\n\n"),
            bytes("REFER sip:b@y SIP/2.0\nCall-ID: a\nCSeq: 5 REFER\nRefer-To: <sip:c@z>\n\n"),
            bytes(
                "NOTIFY sip:a@x SIP/2.0\nCall-ID: a\nCSeq: 6 NOTIFY\nContent-Type: message/sipfrag\nContent-Length: 16\n\nSIP/2.0 200 OK\r\n"
            ),
            bytes(
                "INVITE sip:b@y SIP/2.0\nCall-ID: a\nCSeq: 7 INVITE\nFrom: <sip:a@x>;tag=1\nTo: <sip:b@y>;tag=2\nContent-Type: application/sdp\nContent-Length: \(hold.utf8.count)\n\n\(hold)"
            ),
            // Methods siptrace does not know by name, one only by its case.
            bytes("FOO sip:b@y SIP/2.0\nCall-ID: a\nCSeq: 9 FOO\nFrom: <sip:a@x>;tag=1\nTo: <sip:b@y>;tag=2\n\n"),
            bytes("SIP/2.0 200 OK\nCall-ID: a\nCSeq: 10 invite\n\n"),
            // Invalid UTF-8 in the URI and the reason phrase.
            Array("BYE sip:".utf8) + [0xFF, 0xC3] + Array("@x SIP/2.0\r\nCall-ID: a\r\nCSeq: 8 BYE\r\n\r\n".utf8),
            Array("SIP/2.0 486 Bu".utf8) + [0xE2, 0x80] + Array("sy\r\nCall-ID: a\r\nCSeq: 1 INVITE\r\n\r\n".utf8),
            // SDP as the layout reads it: session c= (with a TTL) and
            // direction inherited, a non-ASCII type, formats matched as
            // strings (Kelvin sign), the last rtpmap winning, invalid UTF-8
            // and a lone CR in a codec, an empty codec, a port with a count,
            // T.38 (no codecs), a media's own c= and direction, a short m=,
            // a line feed lost to a space (a format "101\r").
            {
                let body =
                    Array(
                        "v=0\r\nc=IN IP4 10.0.0.1/127\r\na=recvonly\r\nm=aud\u{E9}o 5004/2 RTP/AVP K 0 96 97 8 \u{212A}\r\n"
                            .utf8)
                    + Array("a=rtpmap:\u{212A} kelvin/8000\r\na=rtpmap:96 first/8000\r\na=rtpmap:96 sec".utf8) + [0xFF]
                    + Array("ond/8000\r\na=rtpmap:97 co\rdec/8000\r\na=rtpmap:0 \r\n".utf8)
                    + Array("m=image 6000 udptl t38\r\nc=IN IP6 ::1\r\na=inactive\r\nm=x 1\r\n".utf8)
                    + Array(
                        "m=audio 6000 RTP/AVP 0 101\r a=rtpmap:0 PCMU/8000\r\na=rtpmap:101 telephone-event/8000\r\n"
                            .utf8)
                return bytes(
                    "INVITE sip:b@y SIP/2.0\nCall-ID: a\nCSeq: 11 INVITE\nContent-Type: application/sdp\nContent-Length: \(body.count)\n\n"
                ) + body
            }(),
        ]
    }()

    /// A layout that has read every text's body, the last being the
    /// longest SDP: the state a reused layout is in.
    static func readEverySDP() -> SDPLayout {
        var layout = SDPLayout()
        for text in texts {
            text.withUnsafeBytes { raw in
                var parser = SIPParser()
                guard case .message(let view, _) = parser.parse(raw, stream: false) else { return }
                _ = layout.read(raw, view.body)
            }
        }
        return layout
    }

    @Test(arguments: StreamedMessageTests.texts.indices)
    func readsAsTheRecordDoes(index: Int) throws {
        let v6 = Endpoint(address: IPAddress(ipv6High: 0x2001_0db8_0000_0000, low: 1), port: 5060)
        let v4 = Endpoint(address: IPAddress(ipv4: 0xC0A8_0001), port: 65535)
        let (source, destination) = index % 2 == 0 ? (v6, v4) : (v4, v6)
        let frame = Int.max - index
        let timestamp = index == 0 ? Int64.min : Int64(index) * 1_234_567_891
        StreamedMessageTests.texts[index].withUnsafeBytes { raw in
            var parser = SIPParser()
            guard case .message(let view, _) = parser.parse(raw, stream: false) else {
                Issue.record("not a message")
                return
            }
            var record = MessageRecord(
                frame: frame, timestamp: timestamp, source: source, destination: destination, transport: .tcp,
                message: SIPMessage(view))
            record.isRetransmission = index % 3 == 1
            record.isOtherHop = index % 3 == 2
            var json = JSONWriter(pretty: false)
            // Reused, as the pipeline reuses its layout: what the SDP text
            // before this one left in it must not show.
            var sdp = StreamedMessageTests.readEverySDP()
            var (message, details, _, _, _, _) = StreamedMessage.make(
                view, frame: frame, timestamp: timestamp, source: source, destination: destination, transport: .tcp,
                sdp: &sdp, json: &json)
            message.isRetransmission = record.isRetransmission
            message.isOtherHop = record.isOtherHop
            var streamed = StreamedMessages()
            streamed.text = json.bytes
            #expect(message.text.lowerBound == 0 && message.keptCount == streamed.text.count)
            if let details {
                message.detailsIndex = 0
                streamed.details = [details]
            }
            streamed.messages = [message]
            var expected = JSONWriter(pretty: false)
            JSONReport.write([record], 0, &expected)
            var written = JSONWriter(pretty: false)
            JSONReport.write(streamed, 0, &written)
            #expect(written.output == expected.output)

            // What the dialogs and the call read, the tags and line from the
            // bytes after the JSON.
            streamed.withInputs { inputs in
                let input = inputs[0]
                #expect(input.requestMethod == record.requestMethod)
                #expect(input.responseStatus == record.responseStatus)
                #expect(input.reasonPhrase == record.reasonPhrase)
                #expect(input.cseqValue == record.cseqValue)
                #expect(input.fromTagKey.map(input.tagString) == record.fromTagKey)
                #expect(input.toTagKey.map(input.tagString) == record.toTagKey)
                #expect(input.bodyIsSDP == record.bodyIsSDP)
                #expect(input.rseqValue == record.rseqValue)
                #expect(input.sipfragLine == record.sipfragLine)
                #expect(input.referTarget == record.referTarget)
                #expect(input.minSEValue == record.minSEValue)
                #expect(input.sessionExpiresValue == record.sessionExpiresValue)
                #expect(input.summaryText == record.summaryText)
                // Kept only where the analysis reads it: an UPDATE, or an
                // INVITE with a To tag (an initial INVITE is never looked at).
                if record.requestMethod == "UPDATE" || (record.requestMethod == "INVITE" && record.toTagKey != nil) {
                    #expect(input.offeredMedia == record.offeredMedia)
                } else {
                    #expect(input.offeredMedia == nil)
                }
            }
        }
    }

    /// The fields above are not all empty: the texts reach every one.
    @Test func theTextsReachEveryField() throws {
        var reached = Set<String>()
        for text in StreamedMessageTests.texts {
            text.withUnsafeBytes { raw in
                var parser = SIPParser()
                guard case .message(let view, _) = parser.parse(raw, stream: false) else { return }
                var json = JSONWriter(pretty: false)
                var sdp = SDPLayout()
                let (m, details, _, _, _, _) = StreamedMessage.make(
                    view, frame: 1, timestamp: 0, source: Endpoint(address: IPAddress(ipv4: 1), port: 1),
                    destination: Endpoint(address: IPAddress(ipv4: 2), port: 2), transport: .udp, sdp: &sdp,
                    json: &json)
                if m.fromTagCount >= 0 { reached.insert("fromTag") }
                // Longer than a `String` holds in itself: once an
                // allocation per message, now bytes like any other.
                if m.toTagCount > 15 { reached.insert("long toTag") }
                if details?.rseq != nil { reached.insert("rseq") }
                if details?.sipfrag != nil { reached.insert("sipfrag") }
                if details?.referTo != nil { reached.insert("referTo") }
                if details?.minSE != nil { reached.insert("minSE") }
                if details?.sessionExpires != nil { reached.insert("sessionExpires") }
                if details?.firstMedia != nil { reached.insert("firstMedia") }
                if !view.problems.isEmpty { reached.insert("problems") }
                if details?.methodName != nil { reached.insert("methodName") }
                if details?.cseqMethodName != nil { reached.insert("cseqMethodName") }
            }
        }
        #expect(
            reached == [
                "fromTag", "long toTag", "rseq", "sipfrag", "referTo", "minSE", "sessionExpires", "firstMedia",
                "problems", "methodName", "cseqMethodName",
            ])
    }

    /// Kept per message of every live call, and moved several times on its
    /// way there: methods, status and CSeq are held as codes to keep it small,
    /// and it holds no reference (tags and line are bytes in the call's text,
    /// rare fields in the call's `details`), so copying one retains nothing
    /// and a call's list is freed in one go.
    @Test func staysSmallAndPlain() {
        #expect(MemoryLayout<StreamedMessage>.stride <= 88)
        #expect(_isPOD(StreamedMessage.self))
    }
}
