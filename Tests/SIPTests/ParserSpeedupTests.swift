import TestSupport
import Testing

@testable import SIP

/// The parser's fast paths (header names compared a word at a time, line ends
/// found sixteen bytes at a time, the usual start line read inline) against
/// exact expected values and against plain byte-by-byte references.

/// Where `needle` first occurs in `bytes` (the tests' way to spell offsets).
private func at(_ bytes: [UInt8], _ needle: String, from: Int = 0) -> Int {
    let n = Array(needle.utf8)
    var i = from
    while i + n.count <= bytes.count {
        if Array(bytes[i..<(i + n.count)]) == n { return i }
        i += 1
    }
    Issue.record("\(needle.debugDescription) not found")
    return -1
}

/// `needle`'s range in `bytes`.
private func span(_ bytes: [UInt8], _ needle: String, from: Int = 0) -> Range<Int> {
    let start = at(bytes, needle, from: from)
    return start..<(start + needle.utf8.count)
}

/// The header name the byte loop of the old lookup gave: a compact letter when
/// one byte long, else a canonical name equal ignoring ASCII case, else `.other`.
private func referenceName(_ name: [UInt8]) -> HeaderName {
    if name.count == 1, let compact = HeaderName.compact(name[0]) { return compact }
    for header in HeaderName.allCases where header != .other {
        let canonical = Array(header.canonical.lowercased().utf8)
        if canonical.count == name.count && zip(canonical, name).allSatisfy({ $0 == ASCII.lower($1) }) {
            return header
        }
    }
    return .other
}

private func lookup(_ name: [UInt8]) -> HeaderName {
    name.withUnsafeBytes { HeaderName.lookup($0, 0..<name.count) }
}

/// The first header of a one-header request whose header line is `line`.
private func firstHeader(_ line: String) -> HeaderField? {
    withParse(Array("OPTIONS sip:a@b SIP/2.0\r\n\(line)\r\n\r\n".utf8)) { outcome in
        if case .message(let view, _) = outcome { return view.headers.first }
        return nil
    }
}

/// A view's fields, copied out so they outlive the bytes.
private struct Parsed: Equatable {
    var startLine: StartLine
    var headers: [HeaderField]
    var body: Range<Int>
    var contentLength: Int?
    var problems: [SIPParseError]
    var consumed: Int
}

private func parsed(_ bytes: [UInt8], stream: Bool = false) -> Parsed? {
    withParse(bytes, stream: stream) { outcome in
        guard case .message(let v, let consumed) = outcome else { return nil }
        return Parsed(
            startLine: v.startLine, headers: Array(v.headers), body: v.body, contentLength: v.contentLength,
            problems: v.problems, consumed: consumed)
    }
}

@Suite struct HeaderNameLookupTests {
    /// `lookup` compares a word at a time with a mask taken from the spelling:
    /// that needs letters and `-` only, and at most 24 bytes.
    @Test func canonicalNamesFitTheWordCompare() {
        for header in HeaderName.allCases where header != .other {
            let name = Array(header.canonical.utf8)
            #expect(name.count >= 2 && name.count <= 24, "\(header)")
            #expect(
                name.allSatisfy { ($0 >= 0x41 && $0 <= 0x5A) || ($0 >= 0x61 && $0 <= 0x7A) || $0 == 0x2D },
                "\(header)")
        }
    }

    @Test(arguments: HeaderName.allCases.filter { $0 != .other })
    func everyLongNameInAnyCase(header: HeaderName) throws {
        let canonical = header.canonical
        // The canonical spelling with the case of every other letter flipped.
        var alternating = Array(canonical.utf8)
        for i in alternating.indices where i % 2 == 0 && alternating[i] != UInt8(ascii: "-") {
            alternating[i] ^= 0x20
        }
        let spellings: [[UInt8]] = [
            Array(canonical.utf8), Array(canonical.lowercased().utf8), Array(canonical.uppercased().utf8),
            alternating,
        ]
        for spelling in spellings {
            #expect(lookup(spelling) == header, "\(String(decoding: spelling, as: UTF8.self))")
            // And through the parser, with the name's range exact.
            let text = String(decoding: spelling, as: UTF8.self)
            let field = try #require(firstHeader("\(text): value"))
            #expect(field.name == header)
            let message = Array("OPTIONS sip:a@b SIP/2.0\r\n".utf8)
            #expect(field.nameRange == message.count..<(message.count + spelling.count))
        }
    }

    @Test func everyCompactLetter() {
        let expected: [Character: HeaderName] = [
            "i": .callID, "m": .contact, "e": .contentEncoding, "l": .contentLength, "c": .contentType,
            "f": .from, "s": .subject, "k": .supported, "t": .to, "v": .via, "o": .event, "u": .allowEvents,
            "r": .referTo, "b": .referredBy, "x": .sessionExpires, "a": .acceptContact, "j": .rejectContact,
            "d": .requestDisposition, "y": .identity, "n": .identityInfo,
        ]
        for letter in "abcdefghijklmnopqrstuvwxyz" {
            let want = expected[letter] ?? .other
            #expect(lookup(Array(String(letter).utf8)) == want, "\(letter)")
            #expect(lookup(Array(String(letter).uppercased().utf8)) == want, "\(letter) upper")
            #expect(firstHeader("\(letter): x")?.name == want, "\(letter) parsed")
            #expect(firstHeader("\(letter.uppercased()): x")?.name == want, "\(letter) upper parsed")
        }
        for other in ["1", "-", "@", "[", "`", "{", "~", "\u{7F}"] {
            #expect(lookup(Array(other.utf8)) == .other, "\(other)")
        }
        #expect(lookup([0xC1]) == .other)
    }

    @Test func nearMissesAreOther() {
        for name in [
            "Via-X", "Fro", "Call-IDx", "Vi", "Froma", "Call_ID", "Call ID", "CallID", "Call-I", "Toe", "T0",
            "Content-Lengt", "Content-Lengths", "Min-S", "Min-SEx", "RSeqq", "RAc", "Proxy-Authorizatio",
            "Request-Dispositio", "Request-Dispositions", "X-Via", "WWW_Authenticate", "Max_Forwards",
            "Contact-", "-Contact", "Suported", "Supportedd",
        ] {
            #expect(lookup(Array(name.utf8)) == .other, "\(name)")
            #expect(firstHeader("\(name): x")?.name == .other, "\(name) parsed")
        }
    }

    /// A CR is `-` with bit 0x20 cleared: the dash is compared exactly, not
    /// case-folded like a letter. Same for the other bytes one bit from a letter.
    @Test func bytesOneBitFromTheSpellingAreOther() {
        #expect(lookup(Array("Call\rID".utf8)) == .other)
        #expect(lookup(Array("Min\rSE".utf8)) == .other)
        #expect(lookup(Array("Content\rLength".utf8)) == .other)
        #expect(lookup(Array("Proxy\rAuthorization".utf8)) == .other)
        // "@" is "`" without 0x20, "[" is "{": not letters, never case-folded.
        #expect(lookup(Array("@llow".utf8)) == .other)
        #expect(lookup(Array("Via\u{00}".utf8)) == .other)
        // Through the parser: the CR stays inside the name range.
        let field = firstHeader("Call\rID: x")
        #expect(field?.name == .other)
        #expect(field?.nameRange.count == 7)
    }

    /// Every name, with every byte replaced by a set of neighbours, cut short,
    /// or one byte longer: the same answer as the byte-by-byte reference.
    @Test func singleByteEditsMatchTheReference() {
        let replacements: [UInt8] = [
            0x00, 0x09, 0x0A, 0x0D, 0x20, 0x2D, 0x2E, 0x30, 0x3A, 0x40, 0x41, 0x5A, 0x5B, 0x5F, 0x60, 0x61, 0x7A, 0x7B,
            0x7F, 0x80, 0xC3, 0xFF,
        ]
        var checked = 0
        for header in HeaderName.allCases where header != .other {
            for base in [Array(header.canonical.utf8), Array(header.canonical.uppercased().utf8)] {
                for i in base.indices {
                    var edited = base
                    for r in replacements + [base[i] ^ 0x20, base[i] ^ 0x01, base[i] ^ 0x40] {
                        edited[i] = r
                        #expect(lookup(edited) == referenceName(edited), "\(edited)")
                        checked += 1
                    }
                }
                for n in 0...base.count {
                    let cut = Array(base[0..<n])
                    #expect(lookup(cut) == referenceName(cut), "\(cut)")
                    for r in replacements {
                        #expect(lookup(cut + [r] + base[n...]) == referenceName(cut + [r] + base[n...]))
                    }
                    checked += 1
                }
            }
        }
        #expect(checked > 10_000)
    }

    @Test func emptyRangeIsOther() {
        let bytes = Array("Via".utf8)
        #expect(bytes.withUnsafeBytes { HeaderName.lookup($0, 1..<1) } == .other)
        #expect(HeaderName.lookup(UnsafeRawBufferPointer(start: nil, count: 0), 0..<0) == .other)
    }

    /// A name in the middle of a buffer: the word reads stay inside the range.
    @Test func nameInsideALargerBuffer() {
        let bytes = Array("xxVia:To:CSeqqq".utf8)
        bytes.withUnsafeBytes { raw in
            #expect(HeaderName.lookup(raw, 2..<5) == .via)
            #expect(HeaderName.lookup(raw, 6..<8) == .to)
            #expect(HeaderName.lookup(raw, 9..<13) == .cseq)
            #expect(HeaderName.lookup(raw, 9..<14) == .other)
        }
    }
}

@Suite struct ParserLineTests {
    @Test func foldedLinesExtendTheValue() throws {
        let bytes = sipBytes(
            """
            INVITE sip:bob@b SIP/2.0
            Subject: a long
              folded
            \tsubject
            Via: SIP/2.0/UDP h;branch=z9hG4bK1
            Content-Length: 0


            """)
        let m = try #require(parsed(bytes))
        #expect(
            m.headers == [
                HeaderField(
                    name: .subject, nameRange: span(bytes, "Subject"),
                    valueRange: at(bytes, "a long")..<span(bytes, "\tsubject").upperBound),
                HeaderField(
                    name: .via, nameRange: span(bytes, "Via"), valueRange: span(bytes, "SIP/2.0/UDP h;branch=z9hG4bK1")),
                HeaderField(
                    name: .contentLength, nameRange: span(bytes, "Content-Length"),
                    valueRange: at(bytes, "0\r\n\r\n")..<(at(bytes, "0\r\n\r\n") + 1)),
            ])
        #expect(m.problems.isEmpty)
        #expect(m.contentLength == 0)
        #expect(m.body == bytes.count..<bytes.count)
        #expect(m.consumed == bytes.count)
    }

    /// A continuation line before any header is read as a header of its own.
    @Test func foldFirstIsAHeader() throws {
        let bytes = Array("OPTIONS sip:a SIP/2.0\r\n  Via: x\r\n\tnext\r\n\r\n".utf8)
        let m = try #require(parsed(bytes))
        #expect(
            m.headers == [
                HeaderField(
                    name: .via, nameRange: span(bytes, "Via"), valueRange: at(bytes, "x")..<(at(bytes, "next") + 4))
            ])
    }

    @Test func crLessLines() throws {
        let bytes = Array("INVITE sip:a@b SIP/2.0\nVia: v1\nCall-ID: abc \nl: 4\n\nbodyEXTRA".utf8)
        let m = try #require(parsed(bytes))
        #expect(m.startLine == .request(method: 0..<6, uri: 7..<14))
        #expect(
            m.headers == [
                HeaderField(name: .via, nameRange: span(bytes, "Via"), valueRange: span(bytes, "v1")),
                HeaderField(name: .callID, nameRange: span(bytes, "Call-ID"), valueRange: span(bytes, "abc")),
                HeaderField(
                    name: .contentLength, nameRange: at(bytes, "l: ")..<(at(bytes, "l: ") + 1),
                    valueRange: span(bytes, "4")),
            ])
        #expect(m.contentLength == 4)
        #expect(m.body == span(bytes, "body"))
        #expect(m.problems.isEmpty)
        // A stream takes exactly Content-Length bytes of body.
        let s = try #require(parsed(bytes, stream: true))
        #expect(s.consumed == span(bytes, "body").upperBound)
    }

    @Test func mixedLineEndsAndBlanksAroundTheColon() throws {
        let bytes = Array("SIP/2.0 180 Ringing\r\nTo :\t<sip:b>  \nFROM\t: <sip:a>\r\ncseq:1 INVITE\r\n\n".utf8)
        let m = try #require(parsed(bytes))
        #expect(m.startLine == .response(status: 180, reason: span(bytes, "Ringing")))
        #expect(
            m.headers == [
                HeaderField(name: .to, nameRange: span(bytes, "To"), valueRange: span(bytes, "<sip:b>")),
                HeaderField(name: .from, nameRange: span(bytes, "FROM"), valueRange: span(bytes, "<sip:a>")),
                HeaderField(name: .cseq, nameRange: span(bytes, "cseq"), valueRange: span(bytes, "1 INVITE")),
            ])
        #expect(m.body == bytes.count..<bytes.count)
        #expect(m.problems.isEmpty)
    }

    @Test func headerLineWithoutColon() throws {
        let bytes = Array("OPTIONS sip:a SIP/2.0\r\nVia: x\r\nno colon here\r\n: no name\r\nTo: y\r\n\r\n".utf8)
        let m = try #require(parsed(bytes))
        #expect(
            m.headers == [
                HeaderField(name: .via, nameRange: span(bytes, "Via"), valueRange: span(bytes, "x")),
                HeaderField(name: .to, nameRange: span(bytes, "To"), valueRange: span(bytes, "y")),
            ])
        #expect(m.problems == [.badHeaderLine(line: 3), .badHeaderLine(line: 4)])
        #expect(m.contentLength == nil)
        #expect(m.body == bytes.count..<bytes.count)
    }

    /// A long name with no colon within eight bytes, and a colon only past the line end.
    @Test func colonSearchStaysInTheLine() throws {
        let bytes = Array("OPTIONS sip:a SIP/2.0\r\nAbcdefghijklmnop\r\nXy: a:b\r\nContent-Length:3\r\n\r\nabc".utf8)
        let m = try #require(parsed(bytes))
        #expect(
            m.headers == [
                HeaderField(name: .other, nameRange: span(bytes, "Xy"), valueRange: span(bytes, "a:b")),
                HeaderField(
                    name: .contentLength, nameRange: span(bytes, "Content-Length"),
                    valueRange: at(bytes, "3\r\n")..<(at(bytes, "3\r\n") + 1)),
            ])
        #expect(m.problems == [.badHeaderLine(line: 2)])
        #expect(m.body == span(bytes, "abc", from: at(bytes, "\r\n\r\n")))
    }

    @Test func lastHeaderWithoutLineEnd() throws {
        let bytes = Array("SIP/2.0 200 OK\r\nVia: x\r\nCall-ID: abc".utf8)
        let m = try #require(parsed(bytes))
        #expect(
            m.headers == [
                HeaderField(name: .via, nameRange: span(bytes, "Via"), valueRange: span(bytes, "x")),
                HeaderField(name: .callID, nameRange: span(bytes, "Call-ID"), valueRange: span(bytes, "abc")),
            ])
        #expect(m.problems == [.noEndOfHeaders])
        #expect(m.body == bytes.count..<bytes.count)
        #expect(m.contentLength == nil)
        #expect(m.consumed == bytes.count)
        // On a stream the rest may still come.
        #expect(withParse(bytes, stream: true) { if case .incomplete = $0 { true } else { false } })
    }

    /// The last line, without its end, is taken even when it is a continuation,
    /// has no colon, or is only a CR; its line number counts it.
    @Test func lastLineWithoutLineEndEdgeCases() throws {
        let folded = Array("SIP/2.0 200 OK\r\nVia: x\r\n folded".utf8)
        let f = try #require(parsed(folded))
        #expect(
            f.headers == [HeaderField(name: .via, nameRange: span(folded, "Via"), valueRange: span(folded, "x"))])
        #expect(f.problems == [.badHeaderLine(line: 3), .noEndOfHeaders])

        let cr = Array("SIP/2.0 200 OK\r\nVia: x\r\n\r".utf8)
        let c = try #require(parsed(cr))
        #expect(c.headers.count == 1)
        #expect(c.problems == [.badHeaderLine(line: 3), .noEndOfHeaders])

        let short = Array("SIP/2.0 200 OK\r\nl:7".utf8)
        let s = try #require(parsed(short))
        #expect(s.headers == [HeaderField(name: .contentLength, nameRange: 16..<17, valueRange: 18..<19)])
        #expect(s.problems == [.noEndOfHeaders])
        #expect(s.contentLength == nil)
    }

    @Test func firstContentLengthWinsAndAFoldBreaksIt() throws {
        let two = Array("OPTIONS sip:a SIP/2.0\r\nl: 2\r\nContent-Length: 9\r\n\r\nabcdef".utf8)
        let t = try #require(parsed(two))
        #expect(t.contentLength == 2)
        #expect(t.body == span(two, "ab"))

        let folded = Array("OPTIONS sip:a SIP/2.0\r\nContent-Length: 2\r\n 3\r\n\r\nabcdef".utf8)
        let f = try #require(parsed(folded))
        #expect(f.contentLength == nil)
        #expect(f.problems == [.badContentLength])
        #expect(f.body == span(folded, "abcdef"))

        // On a stream, a Content-Length that is not a number is not a missing one.
        let s = try #require(parsed(folded, stream: true))
        #expect(s.problems == [.badContentLength])
        #expect(s.body == span(folded, "abcdef").lowerBound..<span(folded, "abcdef").lowerBound)
        let none = Array("OPTIONS sip:a SIP/2.0\r\nVia: x\r\n\r\n".utf8)
        let n = try #require(parsed(none, stream: true))
        #expect(n.problems == [.missingContentLengthOnStream])
    }

    @Test func headersBeyondTheLimitAreDropped() throws {
        var text = "OPTIONS sip:a SIP/2.0\r\n"
        for i in 0..<300 { text += "X-\(i): \(i)\r\n" }
        text += " folded\r\nl: 0\r\n\r\n"
        let bytes = Array(text.utf8)
        let m = try #require(parsed(bytes))
        #expect(m.headers.count == SIPParser.maximumHeaders)
        // The continuation after the limit still extends the last header kept.
        let last = try #require(m.headers.last)
        #expect(last.nameRange == span(bytes, "X-255"))
        #expect(last.valueRange == at(bytes, "255\r\nX-256")..<span(bytes, " folded").upperBound)
        #expect(m.contentLength == nil)
        // Said once, not per line dropped.
        #expect(m.problems == [.tooManyHeaderLines(kept: SIPParser.maximumHeaders)])
        #expect(m.problems.first?.description == "more than 256 header lines; the lines after the 256th are not read")
    }

    /// The colon is looked for in the line's first 16 bytes at once (while 16
    /// fit in the buffer), then eight at a time: names of every length
    /// around those steps, with the colon, without it (the next line's colon
    /// then sits inside the first 16 bytes, and must not count), and at the
    /// buffer's end.
    @Test func colonsAroundTheSixteenByteStep() throws {
        for length in 1...40 {
            let name = String(repeating: "Q", count: length)
            for ending in ["\r\n\r\n", ""] {
                let with = Array("OPTIONS sip:a SIP/2.0\r\n\(name): v\r\nZ: w\(ending)".utf8)
                let m = try #require(parsed(with))
                #expect(
                    m.headers == [
                        HeaderField(name: .other, nameRange: span(with, name), valueRange: span(with, "v")),
                        HeaderField(name: .other, nameRange: span(with, "Z"), valueRange: span(with, "w")),
                    ], "\(length)")
                #expect(m.problems == (ending.isEmpty ? [.noEndOfHeaders] : []))

                let without = Array("OPTIONS sip:a SIP/2.0\r\n\(name) v\r\nZ: w\(ending)".utf8)
                let n = try #require(parsed(without))
                #expect(
                    n.headers == [
                        HeaderField(name: .other, nameRange: span(without, "Z"), valueRange: span(without, "w"))
                    ],
                    "\(length)")
                #expect(n.problems.first == .badHeaderLine(line: 2), "\(length)")
            }
            // The colonless line last, at the buffer's end.
            let last = Array("OPTIONS sip:a SIP/2.0\r\nZ: w\r\n\(name)".utf8)
            let l = try #require(parsed(last))
            #expect(l.headers.map(\.nameRange) == [span(last, "Z")], "\(length)")
            #expect(l.problems == [.badHeaderLine(line: 3), .noEndOfHeaders], "\(length)")
        }
    }

    /// A last line with no line end, past the limit, is dropped too (it was
    /// written as field 257 when the fields were an array, or reported as a
    /// line without colon), and the message says lines were dropped.
    @Test func unendedLineBeyondTheLimitIsDropped() throws {
        var text = "OPTIONS sip:a SIP/2.0\r\n"
        for i in 0..<SIPParser.maximumHeaders { text += "X-\(i): \(i)\r\n" }
        for last in ["Call-ID: late", "no colon"] {
            let bytes = Array((text + last).utf8)
            let m = try #require(parsed(bytes))
            #expect(m.headers.count == SIPParser.maximumHeaders)
            #expect(m.headers.last?.nameRange == span(bytes, "X-255"))
            #expect(m.problems == [.tooManyHeaderLines(kept: SIPParser.maximumHeaders), .noEndOfHeaders])
        }
        // At the limit less one, the unended line is the last field.
        var short = "OPTIONS sip:a SIP/2.0\r\n"
        for i in 0..<(SIPParser.maximumHeaders - 1) { short += "X-\(i): \(i)\r\n" }
        let bytes = Array((short + "Call-ID: late").utf8)
        let m = try #require(parsed(bytes))
        #expect(m.headers.count == SIPParser.maximumHeaders)
        #expect(
            m.headers.last
                == HeaderField(name: .callID, nameRange: span(bytes, "Call-ID"), valueRange: span(bytes, "late")))
        #expect(m.problems == [.noEndOfHeaders])
    }

    /// The header lines, read as the rules say in the plainest way, against
    /// the parser (whose usual line takes a fast path, and every other line
    /// another): random blocks of usual lines, folds, blanks around names and
    /// values, long names, lines without a colon, stray control bytes, bare
    /// LFs and CRs, past the limit or not, ended by a blank line or not.
    @Test func headerBlocksMatchAPlainReader() throws {
        var rng = SplitMix64(seed: 0x4845_4144)
        let pieces = [
            "Via: SIP/2.0/UDP h;branch=z9hG4bK1", "From: <sip:a@b>;tag=1", "Content-Length: 3", "l: 4", "i: c@d",
            "Content-Length:3", "Content-Length :  5 ", " folded", "\tfolded\t", "P-Asserted-Identity: <sip:p@q>",
            "Content-Disposition: session", "no colon here", ":", ": empty name", "X:", "X: ", "X:\tv",
            "X-Sixteen-Bytes: v", "X-Fifteen-Byte: v", "Name\t: v", " : v", "\u{1}Ctl: v", "Ctl: v\u{1}", "\r",
            "Max-Forwards: 70", "CSeq: 1 INVITE", "To: <sip:c@d>", "v: SIP/2.0/TCP x", "X: a:b:c", "X: \r",
        ].map { Array($0.utf8) }
        // Long blocks draw no line that is blank once trimmed, to reach the limit.
        let notBlank = pieces.filter { $0 != [ASCII.cr] }
        var overLimit = 0
        for round in 0..<3_000 {
            var block: [UInt8] = Array("OPTIONS sip:a SIP/2.0\r\n".utf8)
            let from = block.count
            // One block in fifty reaches the limit: usual lines up to near it,
            // then drawn ones (folds and bad lines among them) past it.
            let long = round % 50 == 0
            if long {
                for k in 0..<Int.random(in: 240...256, using: &rng) { block += Array("X-\(k): v\r\n".utf8) }
            }
            for _ in 0..<(long ? Int.random(in: 4...20, using: &rng) : Int.random(in: 0...12, using: &rng)) {
                block += (long ? notBlank : pieces).randomElement(using: &rng)!
                block += Int.random(in: 0..<8, using: &rng) == 0 ? [ASCII.lf] : [ASCII.cr, ASCII.lf]
            }
            switch Int.random(in: 0..<4, using: &rng) {
            case 0: block += [ASCII.cr, ASCII.lf]
            case 1: block += [ASCII.lf]
            case 2: block += Array(" \t\r\n".utf8)
            default: if Bool.random(using: &rng) { block += pieces.randomElement(using: &rng)! }
            }
            let want = referenceHeaders(block, from: from)
            if want.problems.contains(.tooManyHeaderLines(kept: SIPParser.maximumHeaders)) { overLimit += 1 }
            let got = try #require(parsed(block))
            #expect(got.headers == want.fields, "\(block)")
            // The header lines' own problems (the body's are the parser's business).
            let lineProblems = got.problems.filter {
                switch $0 {
                case .badHeaderLine, .tooManyHeaderLines: true
                default: false
                }
            }
            #expect(lineProblems == want.problems, "\(block)")
            #expect(got.problems.contains(.noEndOfHeaders) == (want.bodyStart == nil), "\(block)")
            if let start = want.bodyStart { #expect(got.body.lowerBound == start, "\(block)") }
        }
        // The limit was reached, with lines drawn past it.
        #expect(overLimit >= 20, "\(overLimit)")
    }

    /// The parser writes each message's fields into the room the last one
    /// used, unless a view still holds that room: then it takes a new one.
    @Test func fieldsReuseTheirRoomOnlyWhenNoViewHoldsIt() {
        let a = Array("OPTIONS sip:a SIP/2.0\r\nVia: x\r\nTo: y\r\n\r\n".utf8)
        let b = Array("SIP/2.0 200 OK\r\nCall-ID: z\r\n\r\n".utf8)
        var parser = SIPParser()
        func room(_ bytes: [UInt8]) -> ObjectIdentifier? {
            bytes.withUnsafeBytes { raw in
                guard case .message(let view, _) = parser.parse(raw, stream: false) else { return nil }
                return ObjectIdentifier(view.headers.room)
            }
        }
        let first = room(a)
        #expect(first != nil)
        #expect(room(b) == first)
        #expect(room(a) == first)
        a.withUnsafeBytes { ra in
            guard case .message(let held, _) = parser.parse(ra, stream: false) else {
                Issue.record("a not parsed")
                return
            }
            #expect(ObjectIdentifier(held.headers.room) == first)
            b.withUnsafeBytes { rb in
                guard case .message(let next, _) = parser.parse(rb, stream: false) else {
                    Issue.record("b not parsed")
                    return
                }
                #expect(ObjectIdentifier(next.headers.room) != first)
                #expect(held.headers.map(\.name) == [.via, .to])
                #expect(next.headers.map(\.name) == [.callID])
            }
        }
    }

    /// Fields made by hand compare with parsed ones element by element.
    @Test func handMadeFieldsCompareByElement() {
        let bytes = Array("OPTIONS sip:a SIP/2.0\r\nVia: x\r\n\r\n".utf8)
        let field = HeaderField(name: .via, nameRange: span(bytes, "Via"), valueRange: span(bytes, "x"))
        withParse(bytes) { outcome in
            guard case .message(let view, _) = outcome else {
                Issue.record("not parsed")
                return
            }
            #expect(view.headers == HeaderFields([field]))
            #expect(view.headers == [field])
            #expect(view.headers != [field, field])
            #expect(view.headers != [])
            // Same count, other content: each field is compared, not the count.
            var other = field
            other.name = .to
            #expect(view.headers != [other])
            other = field
            other.valueRange = field.valueRange.lowerBound..<(field.valueRange.upperBound + 1)
            #expect(view.headers != [other])
            #expect(HeaderFields([]).isEmpty)
        }
    }

    /// Lines ending at every offset around the 16-byte steps of the line-end search.
    @Test func lineEndsAtEveryOffset() throws {
        for length in 0..<70 {
            let value = String(repeating: "v", count: length)
            for ending in ["\r\n", "\n"] {
                let bytes = Array("OPTIONS sip:a SIP/2.0\(ending)Via: \(value)\(ending)\(ending)".utf8)
                let m = try #require(parsed(bytes))
                // An empty value is the empty range just after the colon.
                let colon = at(bytes, "Via:") + 3
                let value = length == 0 ? (colon + 1)..<(colon + 1) : (colon + 2)..<(colon + 2 + length)
                #expect(m.headers == [HeaderField(name: .via, nameRange: (colon - 3)..<colon, valueRange: value)])
                #expect(m.problems.isEmpty)
                #expect(m.body == bytes.count..<bytes.count)
                // Cut before the blank line: the header is still taken.
                let cut = Array(bytes[0..<(bytes.count - ending.utf8.count)])
                let c = try #require(parsed(cut))
                #expect(c.headers == m.headers)
                #expect(c.problems == [.noEndOfHeaders])
            }
        }
    }

    /// The view keeps its own headers: the next parse does not change them.
    @Test func viewOutlivesTheNextParse() {
        let a = Array("OPTIONS sip:a SIP/2.0\r\nVia: x\r\nTo: y\r\n\r\n".utf8)
        let b = Array("SIP/2.0 200 OK\r\nCall-ID: z\r\n\r\n".utf8)
        var parser = SIPParser()
        a.withUnsafeBytes { ra in
            b.withUnsafeBytes { rb in
                guard case .message(let first, _) = parser.parse(ra, stream: false) else {
                    Issue.record("a not parsed")
                    return
                }
                let before = first.headers
                guard case .message(let second, _) = parser.parse(rb, stream: false) else {
                    Issue.record("b not parsed")
                    return
                }
                #expect(first.headers == before)
                #expect(first.headers.map(\.name) == [.via, .to])
                #expect(second.headers.map(\.name) == [.callID])
            }
        }
    }
}

@Suite struct StartLineTests {
    private func outcome(_ text: String, stream: Bool = false) -> String {
        withParse(Array(text.utf8), stream: stream) { outcome in
            switch outcome {
            case .message(let v, let consumed): "message \(v.startLine) \(consumed)"
            case .notSIP: "notSIP"
            case .malformed(let error, let consumed): "malformed \(error) \(consumed)"
            case .incomplete: "incomplete"
            }
        }
    }

    @Test func usualShapes() {
        #expect(outcome("SIP/2.0 200 OK\r\n\r\n") == "message response(status: 200, reason: Range(12..<14)) 18")
        #expect(outcome("SIP/2.0 100\tTrying \r\n\r\n") == "message response(status: 100, reason: Range(12..<18)) 23")
        #expect(outcome("SIP/2.0 699 \r\n\r\n") == "message response(status: 699, reason: Range(11..<11)) 16")
        #expect(outcome("SIP/2.0 180\r\n\r\n") == "message response(status: 180, reason: Range(11..<11)) 15")
        #expect(
            outcome("INVITE sip:bob@b SIP/2.0\r\n\r\n")
                == "message request(method: Range(0..<6), uri: Range(7..<16)) 28")
        #expect(
            outcome("INVITE  sip:bob@b\t SIP/2.0\r\n\r\n")
                == "message request(method: Range(0..<6), uri: Range(8..<17)) 30")
        #expect(outcome("A b SIP/2.0\n\n") == "message request(method: Range(0..<1), uri: Range(2..<3)) 13")
    }

    @Test func otherShapesTakeTheFullPath() {
        #expect(
            outcome("invite sip:a SIP/2.0\r\n\r\n") == "message request(method: Range(0..<6), uri: Range(7..<12)) 24")
        #expect(
            outcome("invite sip:a SIP/2.0\r\n\r\n", stream: true)
                == "malformed broken start line: method is not upper case 22")
        #expect(
            outcome("INVITE sip:a sip/2.0\r\n\r\n") == "message request(method: Range(0..<6), uri: Range(7..<12)) 24")
        #expect(
            outcome("X-1 sip:a SIP/2.0\r\n\r\n") == "message request(method: Range(0..<3), uri: Range(4..<9)) 21")
        #expect(outcome("INVITE  SIP/2.0\r\n\r\n") == "malformed broken start line: empty Request-URI 19")
        #expect(outcome("INVITE sip:a SIP/2.1\r\n\r\n") == "malformed broken start line: version is not SIP/2.0 24")
        #expect(
            outcome("SIP/2.0 700 Nope\r\n\r\n")
                == "malformed broken start line: status code is not a number from 100 to 699 20")
        #expect(
            outcome("SIP/2.0 099 Nope\r\n\r\n")
                == "malformed broken start line: status code is not a number from 100 to 699 20")
        #expect(
            outcome("SIP/2.0 2000 OK\r\n\r\n") == "malformed broken start line: status code is not three digits 19")
        #expect(outcome("SIP/2.1 200 OK\r\n\r\n") == "malformed broken start line: unsupported SIP version 18")
        #expect(outcome("OPTIONS * HTTP/1.1\r\n\r\n") == "notSIP")
        #expect(outcome("\r\n\r\nSIP/2.0 200 OK\r\n\r\n") == "message response(status: 200, reason: Range(16..<18)) 22")
    }
}

@Suite struct ByteHelperTests {
    @Test func tokenBitsMatchTheTable() {
        for b in 0...255 {
            #expect(ASCII.isTokenByte(UInt8(b)) == ASCII.isToken[b], "\(b)")
        }
    }

    @Test func firstByteInAWord() {
        var rng = SplitMix64(seed: 7)
        for _ in 0..<2_000 {
            var bytes = (0..<8).map { _ in UInt8.random(in: 0...255, using: &rng) }
            // Plant the byte now and then, sometimes twice, sometimes next to 0x3B (a borrow).
            if Bool.random(using: &rng) { bytes[Int.random(in: 0..<8, using: &rng)] = ASCII.colon }
            if Bool.random(using: &rng) { bytes[Int.random(in: 0..<8, using: &rng)] = ASCII.colon }
            if Bool.random(using: &rng) { bytes[Int.random(in: 0..<8, using: &rng)] = 0x3B }
            let word = bytes.withUnsafeBytes { $0.loadUnaligned(as: UInt64.self) }.littleEndian
            #expect(ASCII.firstByte(ASCII.colon, in: word) == bytes.firstIndex(of: ASCII.colon), "\(bytes)")
        }
        #expect(ASCII.firstByte(0x00, in: 0x0101_0101_0101_0100) == 0)
        #expect(ASCII.firstByte(0x01, in: 0x0100_0000_0000_0000) == 7)
        #expect(ASCII.firstByte(0x3A, in: 0x3A3B_3B3B_3B3B_3B3B) == 7)
    }

    @Test func firstIndexOfEveryRange() {
        var bytes = [UInt8](repeating: UInt8(ascii: "a"), count: 80)
        for i in [0, 7, 15, 16, 17, 31, 33, 50, 63, 64, 79] { bytes[i] = ASCII.lf }
        bytes.withUnsafeBufferPointer { buffer in
            let p = buffer.baseAddress!
            for lower in 0...bytes.count {
                for upper in lower...bytes.count {
                    let want = bytes[lower..<upper].firstIndex(of: ASCII.lf)
                    #expect(ASCII.firstIndex(of: ASCII.lf, p, lower, upper) == want, "\(lower)..<\(upper)")
                }
            }
        }
    }

    @Test func hasPrefixMatchesBytes() {
        let bytes = Array("xSIP/2.0 200 OK".utf8)
        bytes.withUnsafeBytes { raw in
            #expect(raw.hasPrefix("SIP/2.0 ", at: 1))
            #expect(!raw.hasPrefix("SIP/2.0 ", at: 0))
            #expect(raw.hasPrefix("SIP/2.0 200 OK", at: 1))
            #expect(!raw.hasPrefix("SIP/2.0 200 OKK", at: 1))
            #expect(!raw.hasPrefix("sip/2.0 ", at: 1))
            #expect(raw.hasPrefix("", at: bytes.count))
            #expect(!raw.hasPrefix("K", at: bytes.count))
            #expect(!raw.hasPrefix("x", at: -1))
            #expect(raw.hasPrefix("OK", at: bytes.count - 2))
        }
        #expect(UnsafeRawBufferPointer(start: nil, count: 0).hasPrefix("", at: 0))
        #expect(!UnsafeRawBufferPointer(start: nil, count: 0).hasPrefix("S", at: 0))
    }
}

/// The header lines of `bytes` from `from`, read line by line as the rules
/// say, in the plainest code: each line trimmed of blanks (space, tab, CR,
/// LF); an empty one ends the headers; one that starts with a space or tab
/// continues the last field; else a field, its name up to the first colon
/// (trimmed) and its value after it (trimmed), or a line without a colon or
/// a name. Past `SIPParser.maximumHeaders` fields, lines are not read, and
/// that is said once. A last line without LF is read as a field. Line 1 is
/// the start line.
private func referenceHeaders(
    _ bytes: [UInt8], from: Int
) -> (
    fields: [HeaderField], problems: [SIPParseError], bodyStart: Int?
) {
    func blank(_ b: UInt8) -> Bool { b == 0x20 || b == 0x09 || b == 0x0D || b == 0x0A }
    func trimmed(_ r: Range<Int>) -> Range<Int> {
        var lower = r.lowerBound
        var upper = r.upperBound
        while lower < upper, blank(bytes[lower]) { lower += 1 }
        while upper > lower, blank(bytes[upper - 1]) { upper -= 1 }
        return lower..<upper
    }
    var fields: [HeaderField] = []
    var problems: [SIPParseError] = []
    var overLimit = false
    func field(_ content: Range<Int>, line: Int) {
        guard let colon = content.firstIndex(where: { bytes[$0] == ASCII.colon }) else {
            problems.append(.badHeaderLine(line: line))
            return
        }
        let name = trimmed(content.lowerBound..<colon)
        guard !name.isEmpty else {
            problems.append(.badHeaderLine(line: line))
            return
        }
        fields.append(
            HeaderField(
                name: referenceName(Array(bytes[name])), nameRange: name,
                valueRange: trimmed((colon + 1)..<content.upperBound)))
    }
    var cursor = from
    var line = 1
    while cursor < bytes.count {
        line += 1
        guard let end = bytes[cursor...].firstIndex(of: ASCII.lf) else {
            if fields.count < SIPParser.maximumHeaders {
                field(trimmed(cursor..<bytes.count), line: line)
            } else if !overLimit {
                problems.append(.tooManyHeaderLines(kept: fields.count))
            }
            return (fields, problems, nil)
        }
        let content = trimmed(cursor..<end)
        if content.isEmpty { return (fields, problems, end + 1) }
        if bytes[cursor] == 0x20 || bytes[cursor] == 0x09, !fields.isEmpty {
            let last = fields.count - 1
            fields[last].valueRange = fields[last].valueRange.lowerBound..<content.upperBound
        } else if fields.count < SIPParser.maximumHeaders {
            field(content, line: line)
        } else if !overLimit {
            problems.append(.tooManyHeaderLines(kept: fields.count))
            overLimit = true
        }
        cursor = end + 1
    }
    return (fields, problems, nil)
}
