import Decode
import Testing

/// Feeds segments and collects what the consumer is given, consuming whole
/// "lines" (up to and including `\n`), like SIP framing consumes whole messages.
struct LineConsumer {
    var reassembler: TCPReassembler
    var lines: [String] = []
    var resyncs = 0
    let key = TCPStreamKey(
        source: Endpoint(address: IPAddress(ipv4: 0x0A00_0001), port: 5060),
        destination: Endpoint(address: IPAddress(ipv4: 0x0A00_0002), port: 5060))

    init(limits: TCPReassembler.Limits = .init()) {
        reassembler = TCPReassembler(limits: limits)
    }

    mutating func segment(_ text: String, seq: UInt32, flags: UInt8 = 0x18, time: Int64 = 0) {
        var got: [String] = []
        var resynced = 0
        Array(text.utf8).withUnsafeBytes { raw in
            reassembler.add(key, sequence: seq, flags: flags, payload: raw, timestamp: time) { data, delivery in
                if delivery.resynchronize { resynced += 1 }
                var used = 0
                var start = 0
                for i in 0..<data.count where data[i] == 0x0A {
                    got.append(String(decoding: UnsafeRawBufferPointer(rebasing: data[start..<i]), as: UTF8.self))
                    start = i + 1
                    used = start
                }
                return used
            }
        }
        lines += got
        resyncs += resynced
    }
}

@Suite struct TCPReassemblerTests {
    @Test func messageSplitOverSegments() {
        var c = LineConsumer()
        c.segment("", seq: 999, flags: 0x02)  // SYN: data starts at 1000
        c.segment("hel", seq: 1000)
        c.segment("lo\nwor", seq: 1003)
        c.segment("ld\n", seq: 1009)
        #expect(c.lines == ["hello", "world"])
        #expect(c.resyncs == 0)
        #expect(c.reassembler.bufferedBytes == 0)
    }

    @Test func outOfOrderAndRetransmitted() {
        var c = LineConsumer()
        c.segment("", seq: 0, flags: 0x02)
        c.segment("b\n", seq: 3)  // early
        c.segment("a\n", seq: 1)
        c.segment("a\n", seq: 1)  // retransmission
        c.segment("a\nb\nc\n", seq: 1)  // overlaps both, adds "c"
        #expect(c.lines == ["a", "b", "c"])
        #expect(c.reassembler.counters.outOfOrder == 1)
        #expect(c.reassembler.counters.retransmissions == 1)
    }

    @Test func sequenceWrapsAround() {
        var c = LineConsumer()
        c.segment("", seq: 0xFFFF_FFFD, flags: 0x02)
        c.segment("ab", seq: 0xFFFF_FFFE)
        c.segment("c\n", seq: 0)
        #expect(c.lines == ["abc"])
    }

    @Test func midStreamStartAsksForResync() {
        var c = LineConsumer()
        c.segment("tail of something\nnext\n", seq: 5000)
        #expect(c.resyncs == 1)
        #expect(c.lines == ["tail of something", "next"])
    }

    @Test func finFlushesWhatIsLeft() {
        var c = LineConsumer()
        c.segment("", seq: 0, flags: 0x02)
        c.segment("complete\nhalf", seq: 1, flags: 0x19)  // PSH|ACK|FIN
        #expect(c.lines == ["complete"])
        #expect(c.reassembler.counters.bytesUnframed == 4)
        #expect(c.reassembler.streamCount == 0)
    }

    /// An endless stream with no line end: held bytes never pass the cap.
    @Test func endlessStreamStaysBounded() {
        var limits = TCPReassembler.Limits()
        limits.maximumStreamBytes = 10_000
        var c = LineConsumer(limits: limits)
        c.segment("", seq: 0, flags: 0x02)
        let chunk = String(repeating: "x", count: 1000)
        var seq: UInt32 = 1
        for _ in 0..<1000 {
            c.segment(chunk, seq: seq)
            seq &+= 1000
            #expect(c.reassembler.bufferedBytes <= 10_000)
        }
        #expect(c.reassembler.counters.bytesDropped > 980_000)
    }

    /// A gap that never fills: after the queue cap the stream skips it.
    @Test func gapIsSkippedAfterQueueCap() {
        var limits = TCPReassembler.Limits()
        limits.maximumQueuedSegments = 4
        var c = LineConsumer(limits: limits)
        c.segment("", seq: 0, flags: 0x02)
        for i in 0..<5 {
            c.segment("l\(i)\n", seq: UInt32(101 + i * 3))
        }
        #expect(c.lines == ["l0", "l1", "l2", "l3", "l4"])
        #expect(c.reassembler.counters.bytesMissing == 100)
        #expect(c.resyncs == 1)
    }

    @Test func idleStreamsAreFlushed() {
        var c = LineConsumer()
        c.segment("", seq: 0, flags: 0x02, time: 0)
        c.segment("partial", seq: 1, time: 0)
        c.reassembler.expire(now: 301_000_000_000)
        #expect(c.reassembler.streamCount == 0)
        #expect(c.reassembler.counters.bytesUnframed == 7)
    }
}
