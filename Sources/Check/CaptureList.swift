#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// The capture files that command-line arguments name: files as given,
/// directories as their `.pcap` and `.pcapng` files (sorted, not recursive),
/// and glob patterns (`captures/*.pcap`, expanded with glob(3) for shells
/// and CI runners that pass them quoted).
///
/// A directory or a pattern that yields no capture is an error: a CI job that
/// checked nothing must not pass.
public enum CaptureList {
    public static let suffixes = [".pcap", ".pcapng"]

    public static func expand(_ arguments: [String]) throws(CheckError) -> [String] {
        var paths: [String] = []
        for argument in arguments {
            if argument != "-" && isPattern(argument) {
                let matches = globMatches(argument)
                if matches.isEmpty { throw CheckError("no capture matches '\(argument)'") }
                for match in matches {
                    paths += isDirectory(match) ? try captures(in: match) : [match]
                }
            } else if isDirectory(argument) {
                paths += try captures(in: argument)
            } else {
                paths.append(argument)
            }
        }
        return paths
    }

    static func isPattern(_ s: String) -> Bool {
        s.contains { $0 == "*" || $0 == "?" || $0 == "[" }
    }

    /// The `.pcap` and `.pcapng` files directly in `directory`, sorted by name.
    static func captures(in directory: String) throws(CheckError) -> [String] {
        guard let dir = opendir(directory) else {
            throw CheckError("\(directory): cannot read directory: \(String(cString: strerror(errno)))")
        }
        defer { closedir(dir) }
        var names: [String] = []
        while let entry = readdir(dir) {
            let name = withUnsafePointer(to: entry.pointee.d_name) {
                $0.withMemoryRebound(to: CChar.self, capacity: Int(NAME_MAX) + 1) { String(cString: $0) }
            }
            guard suffixes.contains(where: { name.hasSuffix($0) }) else { continue }
            let path = directory.hasSuffix("/") ? directory + name : directory + "/" + name
            if !isDirectory(path) { names.append(path) }
        }
        if names.isEmpty { throw CheckError("\(directory): no .pcap or .pcapng file in the directory") }
        return names.sorted()
    }

    static func isDirectory(_ path: String) -> Bool {
        var s = stat()
        return stat(path, &s) == 0 && (s.st_mode & S_IFMT) == S_IFDIR
    }

    /// glob(3) matches, sorted by glob itself.
    static func globMatches(_ pattern: String) -> [String] {
        var result = glob_t()
        defer { globfree(&result) }
        guard glob(pattern, 0, nil, &result) == 0 else { return [] }
        var matches: [String] = []
        for i in 0..<Int(result.gl_pathc) {
            if let p = result.gl_pathv[i] { matches.append(String(cString: p)) }
        }
        return matches
    }
}
