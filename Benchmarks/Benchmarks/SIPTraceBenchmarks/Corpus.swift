import CaptureGenerator
import SIPTrace

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// The benchmarks' input: a capgen capture written once to a file (the end-to
/// -end benchmark reads that file) and loaded into memory (the stage
/// benchmarks iterate over it), so no stage ever waits for the disk.
struct Corpus: Sendable {
    /// Where the generated file goes; `SIPTRACE_BENCH_DIR` overrides it.
    static let directory = environment("SIPTRACE_BENCH_DIR") ?? "/tmp/siptrace-bench/benchmarks"
    /// Packets in the file: the size of the `--summary` memory reference in the issue.
    static let packetCount = 100_000
    /// Stage benchmarks measure this many packets per iteration, so their
    /// figures, scaled by 1000 (`.kilo`), read as per packet.
    static let window = 1_000

    let path: String
    let linkType: Int32
    /// Every packet's bytes, back to back.
    let storage: [UInt8]
    let packets: [Packet]
    /// The UDP SIP payloads of a steady-state stretch of the capture.
    let udpPayloads: [Range<Int>]

    struct Packet: Sendable {
        var frame: Int
        var timestamp: Int64
        var bytes: Range<Int>
    }

    /// The steady-state stretch the per-stage benchmarks use: the middle of
    /// the capture, where calls start, ring, talk and end in proportion.
    var window: Range<Int> { (packets.count / 2)..<(packets.count / 2 + Corpus.window) }

    static let shared: Corpus = {
        do {
            return try Corpus.make()
        } catch {
            fatalError("cannot prepare the benchmark corpus: \(error)")
        }
    }()

    static func make() throws -> Corpus {
        mkdirs(directory)
        let path = "\(directory)/corpus-\(packetCount).pcap"
        // The mix of the sipp capture, with the sipp quirk that makes
        // tshark quadratic, a little TCP and a few retransmissions.
        var options = Options()
        options.packets = packetCount
        options.sameMediaPort = true
        options.tcpPercent = 2
        options.retransmitPercent = 2
        options.seed = 1
        options.output = path
        options.quiet = true
        _ = try Generator.write(options)

        let capture = try OfflineCapture(path: path)
        var storage: [UInt8] = []
        storage.reserveCapacity(packetCount * 520)
        var packets: [Packet] = []
        packets.reserveCapacity(packetCount)
        _ = capture.forEachPacket { packet in
            let start = storage.count
            storage.append(contentsOf: packet.bytes)
            packets.append(Packet(frame: packet.frame, timestamp: packet.timestamp, bytes: start..<storage.count))
        }
        // The UDP payloads that parse as SIP, from the middle on.
        var payloads: [Range<Int>] = []
        let decoder = PacketDecoder()
        var parser = SIPParser()
        storage.withUnsafeBytes { raw in
            for packet in packets[(packets.count / 2)...] where payloads.count < window {
                let bytes = UnsafeRawBufferPointer(rebasing: raw[packet.bytes])
                guard case .packet(let decoded) = decoder.decode(linkType: capture.linkType, bytes: bytes),
                    decoded.transport == .udp
                else { continue }
                let payload = UnsafeRawBufferPointer(rebasing: bytes[decoded.payload])
                if case .message = parser.parse(payload, stream: false) {
                    payloads.append(
                        (packet.bytes.lowerBound + decoded.payload.lowerBound)..<(packet.bytes.lowerBound
                            + decoded.payload.upperBound))
                }
            }
        }
        return Corpus(path: path, linkType: capture.linkType, storage: storage, packets: packets, udpPayloads: payloads)
    }
}

func environment(_ name: String) -> String? {
    getenv(name).map { String(cString: $0) }
}

func mkdirs(_ path: String) {
    var prefix = ""
    for part in path.split(separator: "/") {
        prefix += "/" + part
        mkdir(prefix, 0o755)
    }
}
