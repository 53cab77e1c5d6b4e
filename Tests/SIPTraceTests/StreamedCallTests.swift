import Calls
import Report
import TestSupport
import Testing

@testable import SIPTrace

/// `--format ndjson` writes each call as it ends, from the compact copies of
/// its messages kept while it was live. Each line must read exactly as that
/// call does in `--format json`: same keys, same values, same ladder. Until
/// this test, the compact copy dropped display names, the SDP of responses and
/// every medium past the first, and a streamed 183 said `"sdp": false`.
/// Streaming runs the call tracking on a second thread: the calls must not
/// depend on it.
@Suite struct StreamedCallTests {
    /// A forked call whose tags differ in bytes, not as strings: the From tag
    /// as "fé" precomposed and decomposed, one fork's To tag as K and as the
    /// Kelvin sign, the other's as two different invalid bytes and as U+FFFD
    /// itself. A record's tags are strings; a streamed message's are bytes
    /// compared as those strings are (`TagBytes`): the dialogs must come out
    /// the same, two of them.
    static let equivalentTags: String = {
        func text(_ s: String) -> [UInt8] { Array(s.utf8) }
        let composed = text("f\u{E9}")
        let decomposed = text("fe\u{301}")
        func lines(_ start: String, branch: Int, cseq: String, from: [UInt8], to: [UInt8]?) -> [UInt8] {
            text("\(start)\r\nVia: SIP/2.0/UDP 10.0.0.1;branch=z9hG4bKtags\(branch)\r\nFrom: <sip:a@x>;tag=") + from
                + text("\r\nTo: <sip:b@y>") + (to.map { text(";tag=") + $0 } ?? [])
                + text("\r\nCall-ID: equivalent-tags\r\nCSeq: \(cseq)\r\nContent-Length: 0\r\n\r\n")
        }
        var pcap = PcapBuilder()
        pcap.udp(lines("INVITE sip:b@y SIP/2.0", branch: 1, cseq: "1 INVITE", from: composed, to: nil))
        pcap.udp(lines("SIP/2.0 100 Trying", branch: 1, cseq: "1 INVITE", from: composed, to: nil))
        pcap.udp(lines("SIP/2.0 180 Ringing", branch: 1, cseq: "1 INVITE", from: decomposed, to: text("K")))
        pcap.udp(
            lines("SIP/2.0 183 Session Progress", branch: 1, cseq: "1 INVITE", from: composed, to: text("\u{212A}")))
        pcap.udp(lines("SIP/2.0 180 Ringing", branch: 1, cseq: "1 INVITE", from: composed, to: [0xFF]))
        pcap.udp(lines("SIP/2.0 200 OK", branch: 1, cseq: "1 INVITE", from: decomposed, to: [0xFE]))
        pcap.udp(lines("ACK sip:b@y SIP/2.0", branch: 2, cseq: "1 ACK", from: composed, to: text("\u{FFFD}")))
        pcap.udp(lines("BYE sip:b@y SIP/2.0", branch: 3, cseq: "2 BYE", from: decomposed, to: [0xFF]))
        pcap.udp(lines("SIP/2.0 200 OK", branch: 3, cseq: "2 BYE", from: composed, to: [0xFE]))
        return Fixtures.temporaryFile(pcap.bytes)
    }()

    /// Calls whose Call-ID, From, To and final reason are not plain: escaped
    /// quotes, non-ASCII, a folded From, controls, a quoted and an empty tag,
    /// a `tel:` URI, a URI without user, invalid UTF-8. A streamed call
    /// writes these from their bytes when they are plain ASCII
    /// (`NameAddress.parts`) and from the strings otherwise: either way, as
    /// the full report's call writes them.
    static let hostileHeads: String = {
        func text(_ s: String) -> [UInt8] { Array(s.utf8) }
        var pcap = PcapBuilder()
        func call(_ id: [UInt8], from: String, to: String, status: String) {
            func message(_ start: String, _ cseq: String, toTag: String) -> [UInt8] {
                text(
                    "\(start)\r\nVia: SIP/2.0/UDP 10.0.0.1;branch=z9hG4bK\(pcap.bytes.count)\r\nFrom: \(from)\r\nTo: \(to)\(toTag)\r\nCall-ID: "
                )
                    + id + text("\r\nCSeq: \(cseq)\r\nContent-Length: 0\r\n\r\n")
            }
            pcap.udp(message("INVITE sip:b@y SIP/2.0", "1 INVITE", toTag: ""))
            pcap.udp(message("SIP/2.0 \(status)", "1 INVITE", toTag: ""))
        }
        call(
            text("esc\"aped"), from: "\"Al \\\"the\\\" Boss\" <sip:al@x>;tag=a1", to: "Bob <sip:bob@y>",
            status: "486 Busy \"Here\"")
        call(
            text("zo\u{EB}"), from: "\"Zo\u{EB}\" <sip:zoe@x>;tag=z1", to: "<tel:+1555;phone-context=x>;tag=\"q t\"",
            status: "603 D\u{E9}clin\u{E9}")
        call(
            text("folded") + [0xFF], from: "\"A\"\r\n <sip:a@x>;tag=f1", to: "sip:b@y;tag=",
            status: "480 Temporarily\u{1}Unavailable")
        call(
            text("spaces"), from: "   <sip:u:pw@h>  ;  tag = x  ", to: "\"a\tb\u{7F}\" <sip:h>",
            status: "404 Not Found")
        call(text("no-user"), from: "<sip:@h>;tag=e", to: "<sip:\u{FC}ser@h>", status: "500 " + "\u{FFFD}")
        return Fixtures.temporaryFile(pcap.bytes)
    }()

    /// Those calls, streamed, read as the full report's do: their values
    /// asked for, and their JSON written either way (`writeCompact`, from
    /// the bytes where they are plain; key by key, from the strings).
    @Test func hostileHeadsReadAsInTheFullReport() throws {
        let full = try Analyzer().analyze(path: Self.hostileHeads)
        #expect(full.calls.count == 5)
        var analyzer = Analyzer()
        analyzer.retainCalls = false
        analyzer.streamsMessageJSON = true
        var calls: [Call] = []
        _ = try analyzer.analyze(path: Self.hostileHeads) { calls.append($0) }
        #expect(calls.map(\.callID) == full.calls.map(\.callID))
        #expect(calls.map(\.from) == full.calls.map(\.from))
        #expect(calls.map(\.to) == full.calls.map(\.to))
        #expect(calls.map(\.finalReason) == full.calls.map(\.finalReason))
        // Their dialogs' tags too (read from the text, compared as strings).
        #expect(calls.map(\.dialogs) == full.calls.map(\.dialogs))
        #expect(calls.map { $0.dialogs.map(\.fromTag) } == [["a1"], ["z1"], ["f1"], ["x"], ["e"]])
        #expect(calls.map(\.from?.user) == full.calls.map(\.from?.user))
        #expect(calls.map(\.to?.user) == full.calls.map(\.to?.user))
        #expect(
            full.calls.map(\.finalReason) == [
                "Busy \"Here\"", "D\u{E9}clin\u{E9}", "Temporarily\u{1}Unavailable", "Not Found", "\u{FFFD}",
            ])
        #expect(full.calls[2].callID == "folded\u{FFFD}")
        #expect(full.calls[1].to == NameAddress(uri: "tel:+1555;phone-context=x", tag: "q t"))
        for (streamed, whole) in zip(calls, full.calls) {
            let (fast, generic) = CompactCallJSONTests.bothWays(streamed)
            #expect(fast == generic)
            var w = JSONWriter(pretty: false)
            JSONReport.write(whole, &w)
            w.lineBreak()
            #expect(fast == w.output)
        }
        // A value set on a streamed call is what its JSON then says.
        var changed = try #require(calls.first)
        changed.callID = "new"
        changed.from = nil
        changed.to = NameAddress(displayName: "N", uri: "sip:n@h")
        changed.finalReason = nil
        changed.dialogs[0].toTag = "set"
        #expect(changed.dialogs[0].toTag == "set" && changed.dialogs[0].fromTag == "a1")
        let (fast, generic) = CompactCallJSONTests.bothWays(changed)
        #expect(fast == generic)
        // Its text taken away or changed, what was read from it stays.
        var emptied = try #require(calls.last)
        let before = (emptied.callID, emptied.from, emptied.to, emptied.finalReason)
        emptied.streamed = nil
        #expect(emptied.callID == before.0 && emptied.from == before.1 && emptied.to == before.2)
        #expect(emptied.finalReason == before.3 && emptied.finalReason == "\u{FFFD}")
        #expect(
            fast.hasPrefix(
                #"{"callId":"new","method":"INVITE","from":null,"to":"\"N\" <sip:n@h>","fromUser":null,"toUser":"n","#))
        #expect(fast.contains(#""finalReason":null,"#))
        #expect(fast.contains(#""dialogs":[{"toTag":"set","fromTag":"a1","#))
    }

    /// That capture's call, streamed as ndjson streams it: two dialogs, not
    /// four (K and the Kelvin sign are one tag; the two invalid bytes and
    /// U+FFFD another), the first ended when the second answered. Each
    /// dialog's tags are as the message that opened it wrote them.
    @Test func equivalentTagsMakeTwoDialogs() throws {
        var analyzer = Analyzer()
        analyzer.retainCalls = false
        analyzer.streamsMessageJSON = true
        var calls: [Call] = []
        _ = try analyzer.analyze(path: Self.equivalentTags) { calls.append($0) }
        #expect(calls.count == 1)
        let call = try #require(calls.first)
        #expect(call.outcome == .answered)
        // By bytes: `String`'s == would take either form of é for the other.
        #expect(call.dialogs.map { Array($0.fromTag!.utf8) } == [Array("fe\u{301}".utf8), Array("f\u{E9}".utf8)])
        #expect(call.dialogs.map { Array($0.toTag!.utf8) } == [Array("K".utf8), Array("\u{FFFD}".utf8)])
        #expect(call.dialogs[0].path == [.trying, .ringing, .terminated])
        #expect(call.dialogs[0].events.map(\.kind) == ["ended-by-other-fork"])
        #expect(call.dialogs[1].path == [.trying, .ringing, .confirmed, .established, .terminating, .terminated])
        #expect(call.dialogs[1].events.map(\.kind) == ["fork"])
    }

    @Test(arguments: SummaryModeTests.captures + [StreamedCallTests.equivalentTags, StreamedCallTests.hostileHeads])
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
        // The calls are built on the tracking thread; on the caller's thread,
        // and on the tracking thread with batches of 7 (many hand-overs, with
        // expiries inside and at the edges of batches), they are the same
        // calls, ending in the same order.
        // Tag shares 0 and 8 fix who reads the tags.
        // With `streamsMessageJSON` (what ndjson runs), each message's JSON is
        // written as it is read and the call keeps that instead of records:
        // every line must still be the same, byte for byte.
        let runs: [(threaded: Bool, batchSize: Int, share: Int?, json: Bool)] = [
            (false, MessageBatch.defaultCapacity, nil, false), (true, 7, nil, false), (true, 7, 0, false),
            (true, 5, 8, false), (true, MessageBatch.defaultCapacity, nil, true),
            (false, MessageBatch.defaultCapacity, nil, true), (true, 7, 0, true), (true, 5, 8, true),
        ]
        for (threaded, batchSize, share, json) in runs {
            var other = Analyzer()
            other.retainCalls = false
            other.streamsMessageJSON = json
            other.trackOnSecondThread = threaded
            other.trackingBatchSize = batchSize
            other.fixedTagShare = share
            var otherLines: [String] = []
            let otherReport = try other.analyze(path: path) { call in
                var w = JSONWriter(pretty: false)
                JSONReport.write(call, &w)
                otherLines.append(w.output)
            }
            #expect(
                otherLines == lines.map(\.json),
                "second thread \(threaded), batches of \(batchSize), tag share \(share.map(String.init) ?? "adaptive"), JSON as read \(json)"
            )
            #expect(otherReport.summary == full.summary)
            // Late copies are counted either way (in `summary`); writing JSON
            // as read, none is kept as a record (ndjson never lists them).
            #expect(otherReport.lateMessages.map(\.frame) == (json ? [] : full.lateMessages.map(\.frame)))
            #expect(otherReport.withoutCallID.map(\.frame) == full.withoutCallID.map(\.frame))
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

    /// Streaming without dialogs (a library user's choice: the CLI's ndjson
    /// always works them out), a message's SDP is not parsed, and its JSON
    /// says `"sdp":false` as a record made without it does: written as read
    /// or from records, every line is the same.
    @Test(arguments: SummaryModeTests.captures)
    func withoutDialogsTheStreamedLinesAreTheSame(path: String) throws {
        func lines(json: Bool) throws -> [String] {
            var analyzer = Analyzer()
            analyzer.retainCalls = false
            analyzer.dialogs = false
            analyzer.streamsMessageJSON = json
            var lines: [String] = []
            _ = try analyzer.analyze(path: path) { call in
                var w = JSONWriter(pretty: false)
                JSONReport.write(call, &w)
                lines.append(w.output)
            }
            return lines
        }
        #expect(try lines(json: true) == lines(json: false))
    }

    /// The full report tracks calls on the second thread too: the whole JSON
    /// report is the same, byte for byte, as on one thread, with batches of
    /// 7 and with the tag share at 0 and 8.
    @Test(arguments: SummaryModeTests.captures)
    func fullReportIsTheSameOnOneThread(path: String) throws {
        var one = Analyzer()
        one.trackOnSecondThread = false
        let expected = JSONReport(pretty: false).render(try one.analyze(path: path))
        for (batchSize, share) in [(MessageBatch.defaultCapacity, nil), (7, 0), (5, 8)] as [(Int, Int?)] {
            var two = Analyzer()
            two.trackingBatchSize = batchSize
            two.fixedTagShare = share
            let report = JSONReport(pretty: false).render(try two.analyze(path: path))
            #expect(report == expected, "batches of \(batchSize), tag share \(share.map(String.init) ?? "adaptive")")
        }
    }
}
