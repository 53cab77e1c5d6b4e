import SIPTrace
import TestSupport
import Testing

/// Hostile input through the whole per-packet path: random bytes behind
/// plausible headers (IPv4/IPv6 fragments, TCP with random sequence numbers and
/// flags, HEP, WebSocket upgrades, SCTP), and random mutations of real fixture
/// packets. Nothing may trap, and every packet must be accounted for.
@Suite struct PipelineFuzzTests {
    struct Random {
        var state: UInt64
        mutating func next() -> UInt64 {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return state >> 11
        }
        mutating func byte() -> UInt8 { UInt8(truncatingIfNeeded: next()) }
        mutating func below(_ n: Int) -> Int { Int(next() % UInt64(n)) }
        mutating func bytes(_ n: Int) -> [UInt8] { (0..<n).map { _ in byte() } }
    }

    static let payloadSeeds: [[UInt8]] = [
        Array("INVITE sip:a@b SIP/2.0\r\nCall-ID: x\r\nContent-Length: 10\r\n\r\n".utf8),
        Array("SIP/2.0 200 OK\r\nCall-ID: x\r\nCSeq: 1 INVITE\r\nContent-Length: 99999\r\n\r\nv=0\r\n".utf8),
        Array("GET / HTTP/1.1\r\nUpgrade: websocket\r\nSec-WebSocket-Protocol: sip\r\n\r\n".utf8),
        Array("HTTP/1.1 101 Switching Protocols\r\n\r\n".utf8) + [0x81, 0xFE, 0xFF, 0xFF],
        Array("HEP3".utf8) + [0x00, 0x40, 0, 0, 0, 0x0F, 0, 0x30],
        [0x16, 0x03, 0x01, 0x00, 0x05],
        // An SDP body that Content-Length ends inside `a=rtpmap:`, the rest
        // of the attribute after it.
        Array(
            ("INVITE sip:a@b SIP/2.0\r\nCall-ID: s\r\nContent-Type: application/sdp\r\nContent-Length: 34\r\n\r\n"
                + "v=0\r\nm=audio 6000 RTP/AVP 0\r\na=rtpmap:0 PCMU/8000\r\n").utf8),
    ]

    func ipv4(_ r: inout Random, proto: UInt8, payload: [UInt8]) -> [UInt8] {
        let total = 20 + payload.count
        var flags: UInt8 = 0x40
        var offset: UInt8 = 0
        if r.below(4) == 0 {
            flags = r.below(2) == 0 ? 0x20 : 0x00
            offset = UInt8(r.below(8))
        }
        return [
            0x45, 0, UInt8(total >> 8 & 0xFF), UInt8(total & 0xFF), 0, UInt8(r.below(3)), flags, offset, 64, proto, 0,
            0,
            10, 0, 0, UInt8(1 + r.below(2)), 10, 0, 0, UInt8(1 + r.below(2)),
        ] + payload
    }

    func packet(_ r: inout Random) -> [UInt8] {
        var payload = Self.payloadSeeds[r.below(Self.payloadSeeds.count)]
        if r.below(2) == 0 { payload = Array(payload.prefix(r.below(payload.count + 1))) }
        payload += r.bytes(r.below(64))
        for _ in 0..<r.below(4) where !payload.isEmpty { payload[r.below(payload.count)] = r.byte() }
        let ports: [UInt16] = [5060, 9060, 4789, 2152, 80]
        let port = ports[r.below(ports.count)]
        let ethernet: [UInt8] = [0, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 2, 0x08, 0x00]
        switch r.below(4) {
        case 0:
            let udp: [UInt8] = [
                0x13, 0xC4, UInt8(port >> 8), UInt8(port & 0xFF), UInt8((8 + payload.count) >> 8 & 0xFF),
                UInt8((8 + payload.count) & 0xFF), 0, 0,
            ]
            return ethernet + ipv4(&r, proto: 17, payload: udp + payload)
        case 1, 2:
            let seq = UInt32(r.below(4)) * 40 + 1000
            let tcp: [UInt8] = [
                0x13, 0xC4, UInt8(port >> 8), UInt8(port & 0xFF), UInt8(seq >> 24), UInt8(seq >> 16 & 0xFF),
                UInt8(seq >> 8 & 0xFF), UInt8(seq & 0xFF), 0, 0, 0, 0, 0x50,
                [0x18, 0x02, 0x11, 0x04, 0x10][r.below(5)], 0xFF, 0xFF, 0, 0, 0, 0,
            ]
            return ethernet + ipv4(&r, proto: 6, payload: tcp + payload)
        default:
            // SCTP common header, then a DATA chunk with random flags and length.
            let chunkLength = UInt16(16 + payload.count)
            let sctp: [UInt8] = [
                0x13, 0xC4, 0x13, 0xC4, 0, 0, 0, 1, 0, 0, 0, 0, 0, UInt8(r.below(4)), UInt8(chunkLength >> 8),
                UInt8(chunkLength & 0xFF), 0, 0, 0, UInt8(r.below(3)), 0, 0, 0, 0, 0, 0, 0, 0,
            ]
            return ethernet + ipv4(&r, proto: 132, payload: sctp + payload)
        }
    }

    /// How the pipeline is run: with records (json, text), streaming each
    /// message's JSON as read (ndjson), counting only (`--summary`).
    enum Mode: CaseIterable, Sendable { case records, streamed, counts }

    @Test(arguments: Mode.allCases)
    func randomPacketsNeverTrap(mode: Mode) {
        var r = Random(state: 2026)
        var pipeline = Pipeline()
        switch mode {
        case .records: break
        case .streamed: pipeline.streamMessageJSON()
        case .counts: pipeline.countOnly()
        }
        let count = 30_000
        for frame in 1...count {
            let bytes = packet(&r)
            bytes.withUnsafeBytes { raw in
                pipeline.ingest(frame: frame, timestamp: Int64(frame) * 1_000_000, linkType: 1, bytes: raw)
            }
        }
        _ = pipeline.finish()
        let a = pipeline.accounting
        #expect(a.packets == count)
        #expect(a.sipFrames + a.skippedByReason.reduce(0) { $0 + $1.count } == count)
    }

    /// Real packets with bytes flipped, truncated or extended.
    @Test(arguments: ["tcp-many.pcap", "ip-fragments.pcap", "mix.pcap", "dialog-two-hops.pcap"])
    func mutatedFixturesNeverTrap(name: String) throws {
        let capture = try OfflineCapture(path: Fixtures.path(name))
        var packets: [(Int32, [UInt8])] = []
        _ = capture.forEachPacket { packets.append(($0.linkType, Array($0.bytes))) }
        var r = Random(state: UInt64(name.utf8.count))
        for round in 0..<6 {
            var pipeline = Pipeline()
            for (index, (linkType, original)) in packets.enumerated() {
                var bytes = original
                for _ in 0..<r.below(3 + round) where !bytes.isEmpty { bytes[r.below(bytes.count)] = r.byte() }
                if r.below(5) == 0 { bytes = Array(bytes.prefix(r.below(bytes.count + 1))) }
                bytes.withUnsafeBytes { raw in
                    pipeline.ingest(
                        frame: index + 1, timestamp: Int64(index) * 1_000_000, linkType: linkType, bytes: raw)
                }
            }
            let calls = pipeline.finish()
            #expect(pipeline.accounting.packets == packets.count)
            #expect(calls.count <= packets.count)
        }
    }
}

/// The SDP body a fuzz seed above cut at random, cut at every byte of
/// `rtpmap:` on purpose, through the whole analysis in every output: it
/// trapped in the SDP reader, in every mode but the summary, until the test.
@Suite struct SDPCutByContentLengthTests {
    static let capture: String = {
        var pcap = PcapBuilder()
        let head = "v=0\r\nm=audio 6000 RTP/AVP 0\r\na="
        for cut in 0...9 {
            let body = head + "rtpmap:0 PCMU/8000\r\n"
            let message =
                "INVITE sip:b@y SIP/2.0\r\nVia: SIP/2.0/UDP 10.0.0.1;branch=z9hG4bK\(cut)\r\nFrom: <sip:a@x>;tag=\(cut)\r\n"
                + "To: <sip:b@y>\r\nCall-ID: cut-\(cut)\r\nCSeq: 1 INVITE\r\nContent-Type: application/sdp\r\n"
                + "Content-Length: \(head.utf8.count + cut)\r\n\r\n" + body
            pcap.udp(Array(message.utf8))
        }
        return Fixtures.temporaryFile(pcap.bytes)
    }()

    @Test func everyOutputReadsIt() throws {
        let full = try Analyzer().analyze(path: Self.capture)
        #expect(full.calls.count == 10)
        #expect(full.calls.allSatisfy { $0.messages.first?.message.hasSDP == true })
        var streaming = Analyzer()
        streaming.retainCalls = false
        streaming.streamsMessageJSON = true
        var streamed = 0
        _ = try streaming.analyze(path: Self.capture) { _ in streamed += 1 }
        #expect(streamed == 10)
        var summary = Analyzer()
        summary.countsOnly = true
        summary.retainCalls = false
        summary.dialogs = false
        let counted = try summary.analyze(path: Self.capture)
        #expect(counted.summary == full.summary)
    }
}
