import Capture
import TestSupport
import Testing

/// Reads a whole capture, returning frames, timestamps, captured lengths and how it ended.
func readAll(_ path: String) throws -> (frames: [Int], timestamps: [Int64], lengths: [Int], end: OfflineCapture.End) {
    let capture = try OfflineCapture(path: path)
    var frames: [Int] = []
    var timestamps: [Int64] = []
    var lengths: [Int] = []
    let end = capture.forEachPacket { packet in
        frames.append(packet.frame)
        timestamps.append(packet.timestamp)
        lengths.append(packet.bytes.count)
    }
    return (frames, timestamps, lengths, end)
}

@Suite struct OfflineCaptureTests {
    @Test func pcapMicroseconds() throws {
        let capture = try OfflineCapture(path: Fixtures.path("basic-call.pcap"))
        #expect(capture.format == .pcap)
        #expect(capture.linkType == 1)
        #expect(linkTypeName(capture.linkType) == "EN10MB")
        let all = try readAll(Fixtures.path("basic-call.pcap"))
        #expect(all.frames == Array(1...all.frames.count))
        #expect(all.end == .complete)
        // Microsecond file scaled to nanoseconds: the last three digits are zero.
        #expect(all.timestamps.allSatisfy { $0 % 1000 == 0 })
    }

    @Test func pcapNanoseconds() throws {
        let all = try readAll(Fixtures.path("nano-call.pcap"))
        #expect(all.timestamps.contains { $0 % 1000 != 0 })
        #expect(all.end == .complete)
    }

    @Test func pcapng() throws {
        let capture = try OfflineCapture(path: Fixtures.path("basic-call.pcapng"))
        #expect(capture.format == .pcapng)
        #expect(capture.linkType == 1)
    }

    @Test(arguments: [("any-sll.pcap", "LINUX_SLL"), ("any-sll2.pcap", "LINUX_SLL2")])
    func cookedLinkTypes(file: String, name: String) throws {
        let capture = try OfflineCapture(path: Fixtures.path(file))
        #expect(linkTypeName(capture.linkType) == name)
    }

    @Test func textFileIsNotACapture() {
        let path = Fixtures.temporaryFile(Array("this is not a capture\n".utf8), suffix: ".txt")
        #expect {
            try OfflineCapture(path: path)
        } throws: { error in
            guard let e = error as? CaptureError else { return false }
            return e.kind == .notACapture && e.description.hasPrefix("\(path): not a pcap or pcapng capture")
        }
    }

    @Test func emptyFile() {
        let path = Fixtures.temporaryFile([])
        #expect {
            try OfflineCapture(path: path)
        } throws: { error in
            guard let e = error as? CaptureError else { return false }
            return e.kind == .truncatedHeader && e.description.hasPrefix("\(path): truncated capture")
        }
    }

    @Test func missingFile() {
        #expect {
            try OfflineCapture(path: "/nonexistent/x.pcap")
        } throws: { error in
            (error as? CaptureError)?.description == "/nonexistent/x.pcap: cannot open: No such file or directory"
        }
    }

    /// Cut inside the last packet: every earlier packet is delivered, then `.truncated`.
    @Test func truncatedMidPacket() throws {
        let full = try #require(Fixtures.read(Fixtures.path("basic-call.pcap")))
        let whole = try readAll(Fixtures.path("basic-call.pcap"))
        let cut = Array(full.prefix(full.count - 10))
        let all = try readAll(Fixtures.temporaryFile(cut))
        #expect(all.frames.count == whole.frames.count - 1)
        guard case .truncated(let after, let detail) = all.end else {
            Issue.record("expected truncation, got \(all.end)")
            return
        }
        #expect(after == whole.frames.count - 1)
        #expect(detail.contains("truncated"))
    }
}

@Suite struct PcapngMixedLinkTests {
    /// Interfaces with different link types: libpcap refuses the file, siptrace
    /// reads its blocks itself and gives each packet its interface's link type.
    @Test func mixedLinkTypes() throws {
        let capture = try OfflineCapture(path: Fixtures.path("mixed-links.pcapng"))
        #expect(capture.format == .pcapng)
        var types: [Int32] = []
        var timestamps: [Int64] = []
        let end = capture.forEachPacket { packet in
            types.append(packet.linkType)
            timestamps.append(packet.timestamp)
        }
        #expect(end == .complete)
        #expect(types.count == 14)
        #expect(Set(types) == [1, 276])
        // Same timestamps libpcap gives for the two source files.
        let ethernet = try readAll(Fixtures.path("basic-call.pcap")).timestamps
        let cooked = try readAll(Fixtures.path("any-sll2.pcap")).timestamps
        #expect(timestamps.sorted() == (ethernet + cooked).sorted())
    }

    /// A block length that points past the end: reported as damage after the
    /// packets before it, never a crash.
    @Test func damagedBlock() throws {
        var bytes = try #require(Fixtures.read(Fixtures.path("mixed-links.pcapng")))
        bytes = Array(bytes.prefix(bytes.count - 30))
        let path = Fixtures.temporaryFile(bytes, suffix: ".pcapng")
        let capture = try OfflineCapture(path: path)
        var count = 0
        let end = capture.forEachPacket { _ in count += 1 }
        #expect(count == 13)
        #expect(end == .truncated(afterFrame: 13, detail: "file ends inside a block"))
    }
}

@Suite struct PcapngCommentTests {
    /// editcap added a capture comment and a comment on frame 1.
    @Test func comments() throws {
        let capture = try OfflineCapture(path: Fixtures.path("mixed-links.pcapng"))
        _ = capture.forEachPacket { _ in }
        #expect(
            capture.comments == [
                "merged by mergecap from basic-call.pcap and any-sll2.pcap", "frame 1: the first INVITE",
            ])
        #expect(try OfflineCapture(path: Fixtures.path("basic-call.pcap")).comments.isEmpty)
    }
}
