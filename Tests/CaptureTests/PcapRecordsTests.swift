import Capture
import TestSupport
import Testing

/// One packet as read, copied out: what both ways of reading must agree on.
private struct Read: Equatable {
    var frame: Int
    var timestamp: Int64
    var originalLength: Int
    var bytes: [UInt8]
}

/// Every packet of `path`, and how the file ended, read by siptrace's own
/// record reader (`readsRecords`) or by libpcap alone.
private func read(_ path: String, readsRecords: Bool) throws -> (packets: [Read], end: OfflineCapture.End, bytes: Int64)
{
    let capture = try OfflineCapture(path: path, readsRecords: readsRecords)
    var packets: [Read] = []
    let end = capture.forEachPacket { p in
        packets.append(
            Read(frame: p.frame, timestamp: p.timestamp, originalLength: p.originalLength, bytes: Array(p.bytes)))
    }
    return (packets, end, capture.bytesRead)
}

/// Both ways, compared; returns the packets and end for more checks.
private func expectSame(_ path: String, _ note: String) throws -> ([Read], OfflineCapture.End) {
    let own = try read(path, readsRecords: true)
    let libpcap = try read(path, readsRecords: false)
    #expect(own.packets.count == libpcap.packets.count, "\(note)")
    #expect(own.packets == libpcap.packets, "\(note)")
    #expect(own.end == libpcap.end, "\(note)")
    return (own.packets, own.end)
}

/// A classic pcap file: little-endian unless `bigEndian`, microseconds
/// unless `nanoseconds`, Ethernet, records of the given captured and
/// original lengths, with bytes that tell them apart.
private func pcapFile(
    snapLength: UInt32 = 65535, nanoseconds: Bool = false, bigEndian: Bool = false, linkType: UInt32 = 1,
    records: [(captured: Int, original: Int)], firstBytes: [UInt8] = []
) -> [UInt8] {
    var out: [UInt8] = []
    func u32(_ v: UInt32) {
        let bytes = withUnsafeBytes(of: v.littleEndian) { Array($0) }
        out += bigEndian ? bytes.reversed() : bytes
    }
    func u16(_ v: UInt16) {
        let bytes = withUnsafeBytes(of: v.littleEndian) { Array($0) }
        out += bigEndian ? bytes.reversed() : bytes
    }
    u32(nanoseconds ? 0xA1B2_3C4D : 0xA1B2_C3D4)
    u16(2)
    u16(4)
    u32(0)
    u32(0)
    u32(snapLength)
    u32(linkType)
    for (k, record) in records.enumerated() {
        u32(1_700_000_000 + UInt32(k))
        u32(UInt32(k * 7919 % 1_000_000))
        u32(UInt32(record.captured))
        u32(UInt32(record.original))
        // The first record can start with given bytes (a link-layer header).
        let given = k == 0 ? Array(firstBytes.prefix(record.captured)) : []
        out += given + (given.count..<record.captured).map { UInt8(truncatingIfNeeded: $0 &* 31 &+ k) }
    }
    return out
}

@Suite struct PcapRecordsTests {
    /// Every classic pcap fixture, and the public corpus when it is beside
    /// the checkout: the same packets, frames, timestamps and end.
    @Test func fixturesAndCorpusReadAsLibpcapReadsThem() throws {
        var paths = Fixtures.files(in: Fixtures.packageRoot + "/Fixtures", suffixes: [".pcap"]).map {
            Fixtures.path($0)
        }
        if let shared = Fixtures.sharedDirectory {
            let corpus = shared + "/captures/public"
            paths += Fixtures.files(in: corpus, suffixes: [".pcap", ".cap"]).map { corpus + "/" + $0 }
        } else {
            print("PcapRecordsTests: ../shared/captures/public not found; comparing the project's fixtures only")
        }
        #expect(paths.count >= 20)
        for path in paths {
            let (packets, end) = try expectSame(path, path)
            #expect(!packets.isEmpty, "\(path)")
            #expect(end == .complete, "\(path)")
        }
    }

    /// A file of 2.5 MB: records cross the reader's 1 MB buffer, and the
    /// progress count reaches the file's size.
    @Test func recordsAcrossRefills() throws {
        var rng = SplitMix64(seed: 0x5043_4150)
        let records = (0..<4_000).map { _ in
            let n = Int.random(in: 0...1_300, using: &rng)
            return (captured: n, original: n + (Bool.random(using: &rng) ? 0 : 40))
        }
        let bytes = pcapFile(records: records)
        #expect(bytes.count > 2 << 20)
        let path = Fixtures.temporaryFile(bytes)
        let (packets, end) = try expectSame(path, "2.5 MB")
        #expect(packets.count == records.count)
        #expect(packets.map(\.bytes.count) == records.map(\.captured))
        #expect(packets.map(\.originalLength) == records.map(\.original))
        #expect(end == .complete)
        #expect(try read(path, readsRecords: true).bytes == Int64(bytes.count))
        // Microseconds scaled to nanoseconds.
        let third: Int64 = 1_700_000_003 * 1_000_000_000 + 3 * 7919 * 1000
        #expect(packets[3].timestamp == third)
    }

    /// Cut anywhere in the last records, or at random in a large file: the
    /// packets before the cut, then the same truncation, in libpcap's words.
    @Test func truncatedAnywhere() throws {
        let small = pcapFile(records: [(60, 60), (1, 1), (0, 0), (90, 120)])
        for cut in 24..<small.count {
            _ = try expectSame(Fixtures.temporaryFile(Array(small.prefix(cut))), "cut at \(cut)")
        }
        let ended = try expectSame(Fixtures.temporaryFile(Array(small.prefix(small.count - 5))), "mid-packet")
        #expect(ended.0.count == 3)
        guard case .truncated(3, let detail) = ended.1 else {
            Issue.record("not truncated: \(ended.1)")
            return
        }
        #expect(detail == "truncated dump file; tried to read 90 captured bytes, only got 85")

        var rng = SplitMix64(seed: 0x4355_5453)
        let records = (0..<3_000).map { _ in
            let n = Int.random(in: 0...1_000, using: &rng)
            return (captured: n, original: n)
        }
        let large = pcapFile(records: records)
        for _ in 0..<12 {
            let cut = Int.random(in: 24..<large.count, using: &rng)
            _ = try expectSame(Fixtures.temporaryFile(Array(large.prefix(cut))), "large cut at \(cut)")
        }
        // Cut just past the 1 MB buffer, where the reader refills.
        for cut in [(1 << 20) + 10, (1 << 20) + 24, (1 << 20) + 40] {
            _ = try expectSame(Fixtures.temporaryFile(Array(large.prefix(cut))), "cut at \(cut)")
        }
    }

    /// A record longer than the snapshot length (libpcap cuts it to that
    /// length and goes on), and one longer than libpcap's maximum (it
    /// stops): handed to libpcap, with the same result as libpcap alone.
    @Test func overlongRecordsAreLibpcaps() throws {
        let cut = pcapFile(snapLength: 100, records: [(80, 80), (150, 150), (70, 70), (100, 100)])
        let (packets, end) = try expectSame(Fixtures.temporaryFile(cut), "over snaplen")
        #expect(packets.map(\.bytes.count) == [80, 100, 70, 100])
        #expect(end == .complete)

        let huge = pcapFile(snapLength: 0, records: [(60, 60), (300_000, 300_000), (60, 60)])
        let (first, stop) = try expectSame(Fixtures.temporaryFile(huge), "over the maximum")
        #expect(first.count == 1)
        guard case .truncated(1, let detail) = stop else {
            Issue.record("not stopped: \(stop)")
            return
        }
        #expect(detail.hasPrefix("invalid packet capture length 300000"))

        // A snapshot length past libpcap's largest record does not let a
        // longer record through: libpcap refuses it all the same.
        let wide = pcapFile(snapLength: 1_000_000, records: [(60, 60), (300_000, 300_000), (60, 60)])
        let (before, refused) = try expectSame(Fixtures.temporaryFile(wide), "snaplen past the maximum")
        #expect(before.count == 1)
        guard case .truncated(1, let why) = refused else {
            Issue.record("not refused: \(refused)")
            return
        }
        #expect(why == "invalid packet capture length 300000, bigger than maximum of 262144")
    }

    /// Nanosecond timestamps pass as they are; a big-endian file is libpcap's
    /// from its first record, with the same packets.
    @Test func otherVariants() throws {
        let nano = pcapFile(nanoseconds: true, records: [(40, 40), (50, 60)])
        let (packets, _) = try expectSame(Fixtures.temporaryFile(nano), "nanoseconds")
        let second: Int64 = 1_000_000_000
        let want: [Int64] = [1_700_000_000 * second, 1_700_000_001 * second + 7919]
        #expect(packets.map(\.timestamp) == want)
        let big = pcapFile(bigEndian: true, records: [(40, 40), (50, 60)])
        let (swapped, end) = try expectSame(Fixtures.temporaryFile(big), "big-endian")
        #expect(swapped.map(\.bytes.count) == [40, 50])
        #expect(end == .complete)
    }

    /// Other link types read as libpcap reads them, Linux USB with
    /// memory-mapped headers (220) included: libpcap rewrites its original
    /// lengths (an isochronous IN completion with one descriptor of 10 bytes
    /// and 100 asked for: 180 on file, 90 read), so it reads those files.
    @Test func linkTypes() throws {
        for linkType: UInt32 in [0, 101, 113, 276] {
            let file = pcapFile(linkType: linkType, records: [(40, 40), (64, 80)])
            let (packets, end) = try expectSame(Fixtures.temporaryFile(file), "link type \(linkType)")
            #expect(packets.count == 2 && end == .complete, "link type \(linkType)")
        }
        // The 64-byte memory-mapped USB header, then one 16-byte descriptor.
        var usb: [UInt8] = []
        func le<T: FixedWidthInteger>(_ v: T) { usb += withUnsafeBytes(of: v.littleEndian) { Array($0) } }
        le(UInt64(1))  // URB id
        usb += [0x43, 0, 0x81, 1]  // completion, isochronous, endpoint 1 IN, device 1
        le(UInt16(1))  // bus
        usb += [0, 0]  // setup and data flags
        le(Int64(0))  // seconds
        le(Int32(0))  // microseconds
        le(Int32(0))  // status
        le(UInt32(100))  // URB length
        le(UInt32(0))  // data length
        le(UInt64(0))  // setup or isochronous header
        le(Int32(0))  // interval
        le(Int32(0))  // start frame
        le(UInt32(0))  // transfer flags
        le(UInt32(1))  // descriptors
        le(Int32(0))  // descriptor: status
        le(UInt32(0))  // offset
        le(UInt32(10))  // length
        le(UInt32(0))  // padding
        let file = pcapFile(linkType: 220, records: [(80, 180)], firstBytes: usb)
        let (packets, _) = try expectSame(Fixtures.temporaryFile(file), "USB, memory-mapped")
        #expect(packets.map(\.originalLength) == [90])
    }
}
