#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// A progress line on stderr for long captures: percent of bytes read and
/// packets per second. Only on a terminal; wall-clock time is fine here, it
/// measures the reader, not the capture.
final class ProgressLine {
    let enabled: Bool
    private var started = ProgressLine.now()
    private var lastDraw = 0.0

    init(enabled: Bool) {
        self.enabled = enabled
    }

    func update(read: Int64, size: Int64?, packets: Int) {
        let now = ProgressLine.now()
        guard enabled, now - lastDraw >= 0.25 else { return }
        lastDraw = now
        let rate = Double(packets) / max(now - started, 0.001)
        var line = "\r\u{1B}[K"
        if let size, size > 0 {
            line += "\(Int(Double(read) * 100 / Double(size)))% "
        }
        line += "\(packets) packets, \(Int(rate / 1000)) k packets/s"
        Terminal.standardError.write(line)
    }

    func clear() {
        if enabled && lastDraw > 0 { Terminal.standardError.write("\r\u{1B}[K") }
    }

    private static func now() -> Double {
        var ts = timespec()
        clock_gettime(CLOCK_MONOTONIC, &ts)
        return Double(ts.tv_sec) + Double(ts.tv_nsec) / 1e9
    }
}
