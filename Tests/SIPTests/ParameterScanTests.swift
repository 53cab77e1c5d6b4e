import TestSupport
import Testing

@testable import SIP

/// `NameAddress.tagRange` and `Via.branchRange` read through a pointer with
/// vector scans (they run for every message): they must find what the plain
/// byte-by-byte reading they replaced finds (`Reference`, below), in every value.
@Suite struct ParameterScanTests {
    /// Values made of the bytes that steer the scan (quotes, escapes, angle
    /// brackets, separators, blanks and line breaks, the letters of the
    /// names), in every case, inside a larger buffer whose bytes after the
    /// value are of the same kind.
    @Test func agreesWithTheGeneralReadersOnFuzzedValues() {
        let alphabet = Array("<>;=\",\\ \t\r\nTAGtagBRANCHbranch:@sip1z".utf8)
        var generator = SplitMix64(seed: 0x7A95)
        var differences = 0
        for round in 0..<60_000 {
            let length = Int(generator.next() % 90)
            var bytes: [UInt8] = []
            // Whole parameters now and then, so matches are common.
            while bytes.count < length {
                switch generator.next() % 6 {
                case 0: bytes += Array(";tag=".utf8)
                case 1: bytes += Array(";branch=".utf8)
                case 2: bytes += Array(" ; TAG = \"x\"".utf8)
                default: bytes.append(alphabet[Int(generator.next() % UInt64(alphabet.count))])
                }
            }
            // Bytes that steer the scan after the value too: the scans may look
            // past its end (to the buffer's) and must not take what they see there.
            var after: [UInt8] = []
            for _ in 0..<Int(generator.next() % 40) {
                after.append(alphabet[Int(generator.next() % UInt64(alphabet.count))])
            }
            let padded = Array("xx".utf8) + bytes + after
            let range = 2..<(2 + bytes.count)
            padded.withUnsafeBytes { raw in
                if NameAddress.tagRange(raw, range) != Reference.tag(raw, range) { differences += 1 }
                if Via.branchRange(raw, range) != Reference.branch(raw, range) { differences += 1 }
            }
            if differences > 0 {
                Issue.record("round \(round): \(String(decoding: bytes, as: UTF8.self).debugDescription)")
                return
            }
        }
        #expect(differences == 0)
    }

    @Test(
        arguments: [
            ("\"Caller 0\" <sip:+1555@10.1.0.1:5060>;tag=10001SIPpTag000", "10001SIPpTag000"),
            ("<sip:a@b;tag=inside>;tag=outside", "outside"),
            ("sip:a@b;tag=bare", "bare"),
            ("\"a;tag=no\" <sip:a@b>", nil),
            ("<sip:a@b>;TAG = \"quoted\" ;x", "quoted"),
            ("<sip:a@b", nil),
        ] as [(String, String?)])
    func tags(value: String, expected: String?) {
        let bytes = Array(value.utf8)
        let found = bytes.withUnsafeBytes { raw in
            NameAddress.tagRange(raw, 0..<raw.count).map { String(decoding: raw[$0], as: UTF8.self) }
        }
        #expect(found == expected)
    }
}

extension ParameterScanTests {
    /// A name read as one word (`;tag=`) must end inside the value: here the
    /// value ends at `;tag` and the buffer goes on with `=x`, which belongs
    /// to something else.
    @Test(
        arguments: [
            ("<sip:a@b>;tag", "=x;y and more bytes", ""),
            ("<sip:a@b>;TaG=Mixed", ";z", "Mixed"),
            ("<sip:a@b>;tag =spaced", "", "spaced"),
            ("<sip:a@b>;tagx=no", "", nil),
            ("<sip:a@b>;ta", "g=x and more bytes", nil),
        ] as [(String, String, String?)])
    func aWordNameEndsInsideTheValue(value: String, after: String, expected: String?) {
        let bytes = Array(value.utf8) + Array(after.utf8)
        let found = bytes.withUnsafeBytes { raw in
            NameAddress.tagRange(raw, 0..<value.utf8.count).map { String(decoding: raw[$0], as: UTF8.self) }
        }
        #expect(found == expected)
    }
}

extension ParameterScanTests {
    /// The names' words are written out as constants: they must be what the
    /// name spells.
    @Test func theWrittenOutWordsAreTheNames() {
        #expect(ParameterName.tag == ParameterName("tag"))
        #expect(ParameterName.branch == ParameterName("branch"))
        #expect(ParameterName.expires == ParameterName("expires"))
    }
}

/// The readings before the vector scans, byte by byte: the reference.
private enum Reference {
    static func tag(_ bytes: UnsafeRawBufferPointer, _ range: Range<Int>) -> Range<Int>? {
        var lower = range.lowerBound
        var upper = range.upperBound
        while lower < upper, blank(bytes[lower]) { lower += 1 }
        while upper > lower, blank(bytes[upper - 1]) { upper -= 1 }
        var i = lower
        if i < upper, bytes[i] == UInt8(ascii: "\"") {
            var j = i + 1
            while j < upper, bytes[j] != UInt8(ascii: "\"") {
                if bytes[j] == UInt8(ascii: "\\"), j + 1 < upper { j += 1 }
                j += 1
            }
            i = min(j + 1, upper)
        }
        var parameters = i
        if let less = (i..<upper).first(where: { bytes[$0] == UInt8(ascii: "<") }) {
            let close = (less..<upper).first(where: { bytes[$0] == UInt8(ascii: ">") }) ?? upper
            parameters = min(close + 1, upper)
        } else {
            parameters = (i..<upper).first(where: { bytes[$0] == UInt8(ascii: ";") }) ?? upper
        }
        return unquoted(bytes, parameter(bytes, parameters..<upper, "tag"))
    }

    static func branch(_ bytes: UnsafeRawBufferPointer, _ range: Range<Int>) -> Range<Int>? {
        var lower = range.lowerBound
        var upper = range.upperBound
        while lower < upper, blank(bytes[lower]) { lower += 1 }
        while upper > lower, blank(bytes[upper - 1]) { upper -= 1 }
        let semi = (lower..<upper).first(where: { bytes[$0] == UInt8(ascii: ";") }) ?? upper
        return unquoted(bytes, parameter(bytes, semi..<upper, "branch"))
    }

    static func parameter(_ bytes: UnsafeRawBufferPointer, _ range: Range<Int>, _ name: String) -> Range<Int>? {
        var i = range.lowerBound
        while i < range.upperBound {
            guard bytes[i] == UInt8(ascii: ";") else {
                i += 1
                continue
            }
            var j = i + 1
            while j < range.upperBound, bytes[j] != UInt8(ascii: "="), bytes[j] != UInt8(ascii: ";") { j += 1 }
            let found = trimmed(bytes, (i + 1)..<j)
            if String(decoding: bytes[found], as: UTF8.self).lowercased() == name {
                guard j < range.upperBound, bytes[j] == UInt8(ascii: "=") else { return j..<j }
                var end = j + 1
                while end < range.upperBound, bytes[end] != UInt8(ascii: ";"), bytes[end] != UInt8(ascii: ",") {
                    end += 1
                }
                return trimmed(bytes, (j + 1)..<end)
            }
            i = j
        }
        return nil
    }

    static func unquoted(_ bytes: UnsafeRawBufferPointer, _ r: Range<Int>?) -> Range<Int>? {
        guard let r else { return nil }
        if r.count >= 2, bytes[r.lowerBound] == UInt8(ascii: "\""), bytes[r.upperBound - 1] == UInt8(ascii: "\"") {
            return (r.lowerBound + 1)..<(r.upperBound - 1)
        }
        return r
    }

    static func trimmed(_ bytes: UnsafeRawBufferPointer, _ r: Range<Int>) -> Range<Int> {
        var lower = r.lowerBound
        var upper = r.upperBound
        while lower < upper, blank(bytes[lower]) { lower += 1 }
        while upper > lower, blank(bytes[upper - 1]) { upper -= 1 }
        return lower..<upper
    }

    static func blank(_ b: UInt8) -> Bool { b == 0x20 || b == 0x09 || b == 0x0D || b == 0x0A }
}
