import TestSupport
import Testing

@testable import SIP

/// Some of a `SIPMessage`'s fields live in a shared box (`SIPMessage.rare`):
/// a copy changed must leave the original as it was, a message without any
/// of them carries no box, and equality is by value.
@Suite struct RareFieldsTests {
    func message(_ text: String, compact: Bool = false) -> SIPMessage {
        sipBytes(text).withUnsafeBytes { raw in
            var parser = SIPParser()
            guard case .message(let view, _) = parser.parse(raw, stream: false) else { fatalError("not SIP") }
            var names = NameAddressCache.none
            return SIPMessage(view, compact: compact, names: &names)
        }
    }

    let invite = """
        INVITE sip:bob@example.com SIP/2.0
        Via: SIP/2.0/UDP 10.0.0.1:5060;branch=z9hG4bK1
        Call-ID: rare@example.com
        From: <sip:alice@example.com>;tag=a
        To: <sip:bob@example.com>
        CSeq: 1 INVITE
        Contact: <sip:alice@10.0.0.1>
        User-Agent: phone 1.0
        Session-Expires: 1800;refresher=uac
        Content-Length: 0


        """

    @Test func copiesChangeApart() {
        let original = message(invite)
        var copy = original
        copy.userAgent = "other"
        copy.sessionExpires = nil
        copy.vias = []
        #expect(original.userAgent == "phone 1.0")
        #expect(original.sessionExpires == 1800)
        #expect(original.vias.count == 1)
        #expect(copy.userAgent == "other" && copy.sessionExpires == nil && copy.vias.isEmpty)
        #expect(copy != original)
        copy.userAgent = "phone 1.0"
        copy.sessionExpires = 1800
        copy.vias = original.vias
        #expect(copy == original)
    }

    @Test func aCompactCopyWithoutRareHeadersHasNoBox() {
        let plain = message(
            "SIP/2.0 180 Ringing\nCall-ID: x\nCSeq: 1 INVITE\nContact: <sip:b@h>\nContent-Length: 0\n\n",
            compact: true)
        #expect(plain.rare == nil)
        #expect(plain.callID == nil && plain.contact == nil && plain.vias.isEmpty)
        let full = message(invite)
        #expect(full.rare != nil)
        #expect(full.callID == "rare@example.com" && full.contact == "<sip:alice@10.0.0.1>")
        // Setting the last one back to nil drops the box.
        var emptied = message("SIP/2.0 180 Ringing\nCSeq: 1 INVITE\nRSeq: 7\n\n", compact: true)
        #expect(emptied.rseq == 7 && emptied.rare != nil)
        emptied.rseq = nil
        #expect(emptied.rare == nil)
        #expect(emptied == message("SIP/2.0 180 Ringing\nCSeq: 1 INVITE\n\n", compact: true))
    }

    /// `isEmpty` looks at every field: each one set alone makes it false,
    /// and a field added to `RareFields` without a case here fails the count.
    @Test func emptyMeansEveryFieldUnset() {
        #expect(RareFields().isEmpty)
        let changes: [(inout RareFields) -> Void] = [
            { $0.callID = "" }, { $0.vias = [Via(transport: "UDP", sentBy: "h", branch: nil)] }, { $0.contact = "" },
            { $0.contentType = "" }, { $0.reasonHeader = "" }, { $0.retryAfter = 0 }, { $0.rseq = 0 },
            { $0.expires = 0 }, { $0.sessionExpires = 0 }, { $0.minSE = 0 }, { $0.event = "" }, { $0.sipfrag = "" },
            { $0.referTo = "" }, { $0.userAgent = "" },
        ]
        #expect(changes.count == Mirror(reflecting: RareFields()).children.count)
        for change in changes {
            var fields = RareFields()
            change(&fields)
            #expect(!fields.isEmpty)
            #expect(fields != RareFields())
        }
    }

    @Test func theBoxKeepsTheMessageSmall() {
        #expect(MemoryLayout<SIPMessage>.stride <= 248)
    }
}
