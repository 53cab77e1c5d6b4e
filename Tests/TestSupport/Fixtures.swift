#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Where the test inputs are, found from this file's own path so tests run from
/// any working directory.
public enum Fixtures {
    /// The package root (the folder holding `Package.swift`).
    public static let packageRoot: String = {
        var path = #filePath
        // …/Tests/TestSupport/Fixtures.swift → …
        for _ in 0..<3 {
            if let slash = path.lastIndex(of: "/") { path = String(path[..<slash]) }
        }
        return path
    }()

    /// `Fixtures/<name>`.
    public static func path(_ name: String) -> String {
        packageRoot + "/Fixtures/" + name
    }

    /// `../shared` beside the checkout, or nil when this clone stands alone.
    public static var sharedDirectory: String? {
        let path = packageRoot + "/../shared"
        return isDirectory(path) ? path : nil
    }

    public static func isDirectory(_ path: String) -> Bool {
        var s = stat()
        return stat(path, &s) == 0 && (s.st_mode & S_IFMT) == S_IFDIR
    }

    public static func exists(_ path: String) -> Bool {
        access(path, F_OK) == 0
    }

    /// The files of a folder whose names end with one of `suffixes`, sorted.
    public static func files(in directory: String, suffixes: [String]) -> [String] {
        guard let dir = opendir(directory) else { return [] }
        defer { closedir(dir) }
        var names: [String] = []
        while let entry = readdir(dir) {
            let name = withUnsafePointer(to: entry.pointee.d_name) {
                $0.withMemoryRebound(to: CChar.self, capacity: 256) { String(cString: $0) }
            }
            if suffixes.contains(where: { name.hasSuffix($0) }) { names.append(name) }
        }
        return names.sorted()
    }

    /// The whole content of a file, or nil.
    public static func read(_ path: String) -> [UInt8]? {
        guard let f = fopen(path, "rb") else { return nil }
        defer { fclose(f) }
        var out: [UInt8] = []
        var buf = [UInt8](repeating: 0, count: 65536)
        while true {
            let n = fread(&buf, 1, buf.count, f)
            if n <= 0 { break }
            out.append(contentsOf: buf[0..<n])
        }
        return out
    }

    /// Writes `bytes` to a fresh temporary file and returns its path.
    public static func temporaryFile(_ bytes: [UInt8], suffix: String = ".pcap") -> String {
        var template = Array("/tmp/siptrace-test-XXXXXX\(suffix)".utf8CString)
        let fd = template.withUnsafeMutableBufferPointer {
            mkstemps($0.baseAddress!, Int32(suffix.utf8.count))
        }
        precondition(fd >= 0, "mkstemps failed")
        bytes.withUnsafeBytes { raw in
            var off = 0
            while off < raw.count {
                let n = write(fd, raw.baseAddress! + off, raw.count - off)
                precondition(n > 0)
                off += n
            }
        }
        close(fd)
        return template.withUnsafeBufferPointer { String(cString: $0.baseAddress!) }
    }
}
