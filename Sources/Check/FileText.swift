#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// Whole small text files (rules) read, and written (JUnit), through libc, with
/// errors that name the file and say what the system said.
enum FileText {
    static func read(_ path: String, what: String) throws(CheckError) -> String {
        guard let file = fopen(path, "rb") else {
            throw CheckError("\(path): cannot read \(what): \(String(cString: strerror(errno)))")
        }
        defer { fclose(file) }
        var bytes: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 65536)
        while true {
            let n = fread(&buffer, 1, buffer.count, file)
            if n > 0 { bytes.append(contentsOf: buffer[0..<n]) }
            if n < buffer.count {
                if ferror(file) != 0 {
                    throw CheckError("\(path): cannot read \(what): \(String(cString: strerror(errno)))")
                }
                break
            }
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    static func write(_ text: String, to path: String, what: String) throws(CheckError) {
        guard let file = fopen(path, "wb") else {
            throw CheckError("\(path): cannot write \(what): \(String(cString: strerror(errno)))")
        }
        let bytes = Array(text.utf8)
        let written = bytes.withUnsafeBytes { fwrite($0.baseAddress, 1, $0.count, file) }
        let closed = fclose(file)
        if written != bytes.count || closed != 0 {
            throw CheckError("\(path): cannot write \(what): \(String(cString: strerror(errno)))")
        }
    }
}
