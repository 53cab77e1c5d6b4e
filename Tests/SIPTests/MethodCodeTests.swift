import Testing

@testable import SIP

/// `MethodCode` reads a known name as one word: every name, wherever it sits
/// in a buffer (with bytes after it, or at its very end), and every near miss
/// (another case, a byte changed, a byte more or less) must read as the
/// name-by-name comparison it replaced: the known code, or the hash of an
/// unknown token.
@Suite struct MethodCodeTests {
    /// By name, exact and case-sensitive (RFC 3261 §7.1): the reference.
    static func reference(_ name: [UInt8]) -> MethodCode {
        if let index = MethodCode.knownNames.firstIndex(where: { !$0.isEmpty && Array($0.utf8) == name }) {
            return MethodCode(raw: UInt64(index))
        }
        let hash = name.withUnsafeBytes { ByteHash.of($0, 0..<name.count) }
        return MethodCode(raw: hash | 1 << 63)
    }

    @Test func everyNameAndNearMissReadsAsTheReference() {
        var candidates: [[UInt8]] = []
        for name in MethodCode.knownNames where !name.isEmpty {
            let bytes = Array(name.utf8)
            candidates.append(bytes)
            candidates.append(Array(name.lowercased().utf8))
            candidates.append(bytes + [UInt8(ascii: "S")])
            candidates.append(Array(bytes.dropLast()))
            for k in bytes.indices {
                var changed = bytes
                changed[k] ^= 0x01
                candidates.append(changed)
            }
        }
        var known = 0
        for name in candidates {
            for after in [[], Array(" sip:x SIP/2.0\r\n".utf8)] {
                let buffer = Array("xx".utf8) + name + after
                let code = buffer.withUnsafeBytes { MethodCode($0, 2..<(2 + name.count)) }
                #expect(
                    code == MethodCodeTests.reference(name),
                    "\(String(decoding: name, as: UTF8.self)), \(after.count) after")
                if code.isKnown { known += 1 }
            }
        }
        // Each of the fourteen names, at the end of its buffer and before more bytes.
        #expect(known == 28)
    }

    /// The named codes are constants written out: each is its name's index,
    /// and `isKnown` (which tests against the last, UPDATE) holds for them
    /// alone.
    @Test func theWrittenOutCodesAreTheNamesIndices() {
        let codes: [MethodCode] = [
            .none, .invite, .ack, .bye, .cancel, .register, .options, .prack, .subscribe, .notify, .publish, .info,
            .refer, .message, .update,
        ]
        #expect(codes.map(\.raw) == Array(0..<UInt64(MethodCode.knownNames.count)))
        #expect(codes.map(\.isKnown) == [false] + Array(repeating: true, count: 14))
        #expect(codes.dropFirst().map(\.knownName) == MethodCode.knownNames.dropFirst().map { $0 })
        #expect(!MethodCode(raw: 15).isKnown && !MethodCode("FOO").isKnown)
    }
}

/// `SIPMessage` keeps the set of a message's header names as one word, a bit
/// per name (`HeaderName.bit`).
@Suite struct HeaderNameSetTests {
    @Test func everyNameHasABitOfOneWord() {
        #expect(HeaderName.allCases.count < 64)
        #expect(Set(HeaderName.allCases.map(\.bit)).count == HeaderName.allCases.count)
    }
}
