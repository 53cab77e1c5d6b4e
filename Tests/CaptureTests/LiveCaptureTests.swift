import Capture
import Dispatch
import TestSupport
import Testing

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Whether this process may sniff `lo`: root, or CAP_NET_RAW and CAP_NET_ADMIN.
/// CI runs as root; elsewhere the capture tests are skipped, and this says why.
enum LoopbackCapture {
    static let available: Bool = {
        do {
            _ = try LiveCapture(interface: "lo")
            return true
        } catch {
            print("LiveCaptureTests: capture tests skipped, cannot sniff lo: \(error)")
            return false
        }
    }()
}

/// Sends `count` UDP datagrams to 127.0.0.1:`port`, each `"siptrace <n>"`.
private func sendDatagrams(port: UInt16, count: Int) {
    let fd = socket(AF_INET, Int32(SOCK_DGRAM.rawValue), 0)
    precondition(fd >= 0)
    defer { close(fd) }
    var address = sockaddr_in()
    address.sin_family = sa_family_t(AF_INET)
    address.sin_port = port.bigEndian
    address.sin_addr.s_addr = UInt32(0x7F00_0001).bigEndian
    for n in 1...count {
        let text = Array("siptrace \(n)".utf8)
        // SAFETY: `address` is a sockaddr_in on the stack, passed with its own size.
        let sent = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                sendto(fd, text, text.count, 0, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        }
        precondition(sent == text.count)
    }
}

/// A port for this process's own datagrams, away from the sipp tests' 5080/5081.
private let testPort = UInt16(40_000 + getpid() % 10_000)

@Suite struct LiveCaptureTests {
    @Test func interfacesListLoopbackWithItsAddress() throws {
        let interfaces = try NetworkInterface.all()
        let lo = try #require(interfaces.first { $0.name == "lo" })
        #expect(lo.isLoopback)
        #expect(lo.isUp)
        #expect(lo.addresses.contains("127.0.0.1"))
        #expect(lo.flagNames.starts(with: ["up"]))
        #expect(lo.flagNames.contains("loopback"))
    }

    /// Without capture rights Linux refuses before looking the name up; the
    /// answer is still "no such interface" with the list, root or not.
    @Test func unknownInterfaceListsTheOthers() throws {
        let error = #expect(throws: LiveCaptureError.self) {
            _ = try LiveCapture(interface: "siptrace-nosuch0")
        }
        let e = try #require(error)
        guard case .noSuchInterface(let available) = e.kind else {
            Issue.record("expected noSuchInterface, got \(e.kind)")
            return
        }
        #expect(available.contains("lo"))
        #expect(e.description.hasPrefix("no such interface: siptrace-nosuch0 (interfaces: "))
        #expect(e.description.contains("lo"))
        #expect(!e.description.contains("\n"))
    }

    @Test func permissionErrorNamesTheFix() {
        let e = LiveCaptureError(kind: .permissionDenied, interface: "eth0", detail: "socket: Operation not permitted")
        #expect(
            e.description
                == "cannot capture on eth0: permission denied (socket: Operation not permitted); run as root, or give "
                + "the binary CAP_NET_RAW and CAP_NET_ADMIN: sudo setcap cap_net_raw,cap_net_admin=eip \"$(command -v siptrace)\""
        )
    }

    // Needs capture rights: root in CI, skipped with a printed reason elsewhere.
    @Test(.enabled(if: LoopbackCapture.available, "needs root or CAP_NET_RAW to sniff lo"))
    func badFilterGivesLibpcapsMessage() throws {
        let error = #expect(throws: LiveCaptureError.self) {
            _ = try LiveCapture(interface: "lo", filter: "udp prot 5060")
        }
        let e = try #require(error)
        #expect(e.kind == .badFilter(filter: "udp prot 5060"))
        #expect(e.description == "bad capture filter 'udp prot 5060': can't parse filter expression: syntax error")
    }

    /// A silent link must not block the loop: the read timeout hands control back
    /// so `--duration` holds with no traffic at all.
    @Test(.enabled(if: LoopbackCapture.available, "needs root or CAP_NET_RAW to sniff lo"))
    func silentLinkTimesOut() throws {
        let capture = try LiveCapture(interface: "lo", filter: "udp port 9 and udp port 10")
        #expect(capture.linkType == 1)
        #expect(capture.snapLength == 262_144)
        let clock = ContinuousClock()
        let start = clock.now
        var timeouts = 0
        let ending = try capture.run(onTimeout: {
            timeouts += 1
            return timeouts < 2
        }) { _ in true }
        #expect(ending == .stopped)
        #expect(timeouts == 2)
        #expect(clock.now - start < .seconds(2))
    }

    /// `breakLoop` from another thread (what the signal handler does) ends the loop.
    @Test(.enabled(if: LoopbackCapture.available, "needs root or CAP_NET_RAW to sniff lo"))
    func breakLoopFromAnotherThread() throws {
        let capture = try LiveCapture(interface: "lo", filter: "udp port 9 and udp port 10")
        let breaker = capture.breaker
        let clock = ContinuousClock()
        let start = clock.now
        DispatchQueue.global().asyncAfter(deadline: .now() + .milliseconds(300)) { breaker.breakLoop() }
        let ending = try capture.run { _ in true }
        #expect(ending == .broken)
        #expect(clock.now - start < .seconds(2))
    }

    /// Captured datagrams reach the callback numbered from 1 with nanosecond
    /// timestamps, and the `-w` file holds them byte for byte.
    @Test(.enabled(if: LoopbackCapture.available, "needs root or CAP_NET_RAW to sniff lo"))
    func capturedPacketsAreWrittenWhole() throws {
        let capture = try LiveCapture(interface: "lo", filter: "udp dst port \(testPort)")
        #expect(capture.nanosecondTimestamps)
        let path = Fixtures.temporaryFile([])
        let writer = try CaptureWriter(path: path, capture: capture)
        sendDatagrams(port: testPort, count: 3)
        var frames: [Int] = []
        var packets: [[UInt8]] = []
        var times: [Int64] = []
        let ending = try capture.run(onTimeout: { false }) { packet in
            writer.write(packet)
            frames.append(packet.frame)
            packets.append(Array(packet.bytes))
            times.append(packet.timestamp)
            return packets.count < 3
        }
        writer.close()
        #expect(ending == .stopped)
        #expect(frames == [1, 2, 3])
        // 14 Ethernet + 20 IPv4 + 8 UDP + "siptrace n".
        #expect(packets.map(\.count) == [52, 52, 52])
        #expect(packets.map { Array($0.suffix(10)) } == (1...3).map { Array("siptrace \($0)".utf8) })
        #expect(capture.statistics()?.droppedByKernel == 0)

        let offline = try OfflineCapture(path: path)
        #expect(offline.linkType == 1)
        var read: [[UInt8]] = []
        var readTimes: [Int64] = []
        let end = offline.forEachPacket { packet in
            read.append(Array(packet.bytes))
            readTimes.append(packet.timestamp)
        }
        #expect(end == .complete)
        #expect(read == packets)
        #expect(readTimes == times)
        unlink(path)
    }

    @Test(.enabled(if: LoopbackCapture.available, "needs root or CAP_NET_RAW to sniff lo"))
    func unwritableOutputIsAnError() throws {
        let capture = try LiveCapture(interface: "lo")
        let error = #expect(throws: LiveCaptureError.self) {
            _ = try CaptureWriter(path: "/nonexistent/dir/out.pcap", capture: capture)
        }
        #expect(error?.kind == .cannotWrite(path: "/nonexistent/dir/out.pcap"))
        #expect(error?.description.hasPrefix("/nonexistent/dir/out.pcap: cannot write capture: ") == true)
    }
}
