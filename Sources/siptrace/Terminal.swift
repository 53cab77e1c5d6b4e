#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// Where the commands write: stdout and stderr as `TextOutputStream`s, and whether
/// they are terminals (colours and progress only go to a terminal).
struct Terminal: TextOutputStream {
    let descriptor: Int32

    static let standardOutput = Terminal(descriptor: 1)
    static let standardError = Terminal(descriptor: 2)

    func write(_ string: String) {
        var s = string
        s.withUTF8 { write($0) }
    }

    /// Writes bytes already encoded (JSON made as UTF-8).
    func write(bytes: [UInt8]) {
        bytes.withUnsafeBufferPointer { write($0) }
    }

    func write(bytes: UnsafeRawBufferPointer) {
        write(bytes.bindMemory(to: UInt8.self))
    }

    private func write(_ buffer: UnsafeBufferPointer<UInt8>) {
        guard let base = buffer.baseAddress else { return }
        var offset = 0
        while offset < buffer.count {
            let n = Glibc_write(descriptor, base + offset, buffer.count - offset)
            if n <= 0 { return }
            offset += n
        }
    }

    var isTerminal: Bool { isatty(descriptor) == 1 }

    /// Columns of the terminal, or nil when not a terminal.
    var width: Int? {
        guard isTerminal else { return nil }
        var size = winsize()
        guard ioctl(descriptor, UInt(TIOCGWINSZ), &size) == 0, size.ws_col > 0 else { return nil }
        return Int(size.ws_col)
    }
}

private func Glibc_write(_ fd: Int32, _ p: UnsafePointer<UInt8>, _ n: Int) -> Int {
    write(fd, p, n)
}

/// Ends the process with `code`.
func terminate(_ code: Int32) -> Never {
    exit(code)
}

/// An environment variable's value, or nil.
func environment(_ name: String) -> String? {
    getenv(name).map { String(cString: $0) }
}
