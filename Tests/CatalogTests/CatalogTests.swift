import Testing

@testable import Catalog

/// The IANA SIP "Response Codes" registry: code, reason phrase, defining RFC.
let registry: [(Int, String, String)] = [
    (100, "Trying", "RFC 3261"), (180, "Ringing", "RFC 3261"), (181, "Call Is Being Forwarded", "RFC 3261"),
    (182, "Queued", "RFC 3261"), (183, "Session Progress", "RFC 3261"),
    (199, "Early Dialog Terminated", "RFC 6228"),
    (200, "OK", "RFC 3261"), (202, "Accepted (Deprecated)", "RFC 6665"), (204, "No Notification", "RFC 5839"),
    (300, "Multiple Choices", "RFC 3261"), (301, "Moved Permanently", "RFC 3261"),
    (302, "Moved Temporarily", "RFC 3261"), (305, "Use Proxy", "RFC 3261"),
    (380, "Alternative Service", "RFC 3261"),
    (400, "Bad Request", "RFC 3261"), (401, "Unauthorized", "RFC 3261"), (402, "Payment Required", "RFC 3261"),
    (403, "Forbidden", "RFC 3261"), (404, "Not Found", "RFC 3261"), (405, "Method Not Allowed", "RFC 3261"),
    (406, "Not Acceptable", "RFC 3261"), (407, "Proxy Authentication Required", "RFC 3261"),
    (408, "Request Timeout", "RFC 3261"), (410, "Gone", "RFC 3261"),
    (412, "Conditional Request Failed", "RFC 3903"), (413, "Request Entity Too Large", "RFC 3261"),
    (414, "Request-URI Too Long", "RFC 3261"), (415, "Unsupported Media Type", "RFC 3261"),
    (416, "Unsupported URI Scheme", "RFC 3261"), (417, "Unknown Resource-Priority", "RFC 4412"),
    (420, "Bad Extension", "RFC 3261"), (421, "Extension Required", "RFC 3261"),
    (422, "Session Interval Too Small", "RFC 4028"), (423, "Interval Too Brief", "RFC 3261"),
    (424, "Bad Location Information", "RFC 6442"), (425, "Bad Alert Message", "RFC 8876"),
    (428, "Use Identity Header", "RFC 8224"), (429, "Provide Referrer Identity", "RFC 3892"),
    (430, "Flow Failed", "RFC 5626"), (433, "Anonymity Disallowed", "RFC 5079"),
    (436, "Bad Identity Info", "RFC 8224"), (437, "Unsupported Credential", "RFC 8224"),
    (438, "Invalid Identity Header", "RFC 8224"), (439, "First Hop Lacks Outbound Support", "RFC 5626"),
    (440, "Max-Breadth Exceeded", "RFC 5393"), (469, "Bad Info Package", "RFC 6086"),
    (470, "Consent Needed", "RFC 5360"), (480, "Temporarily Unavailable", "RFC 3261"),
    (481, "Call/Transaction Does Not Exist", "RFC 3261"), (482, "Loop Detected", "RFC 3261"),
    (483, "Too Many Hops", "RFC 3261"), (484, "Address Incomplete", "RFC 3261"), (485, "Ambiguous", "RFC 3261"),
    (486, "Busy Here", "RFC 3261"), (487, "Request Terminated", "RFC 3261"),
    (488, "Not Acceptable Here", "RFC 3261"), (489, "Bad Event", "RFC 6665"),
    (491, "Request Pending", "RFC 3261"), (493, "Undecipherable", "RFC 3261"),
    (494, "Security Agreement Required", "RFC 3329"),
    (500, "Server Internal Error", "RFC 3261"), (501, "Not Implemented", "RFC 3261"),
    (502, "Bad Gateway", "RFC 3261"), (503, "Service Unavailable", "RFC 3261"),
    (504, "Server Time-out", "RFC 3261"), (505, "Version Not Supported", "RFC 3261"),
    (513, "Message Too Large", "RFC 3261"), (555, "Push Notification Service Not Supported", "RFC 8599"),
    (580, "Precondition Failure", "RFC 3312"),
    (600, "Busy Everywhere", "RFC 3261"), (603, "Decline", "RFC 3261"),
    (604, "Does Not Exist Anywhere", "RFC 3261"), (606, "Not Acceptable", "RFC 3261"),
    (607, "Unwanted", "RFC 8197"), (608, "Rejected", "RFC 8688"),
]

@Suite struct CatalogTests {
    @Test func everyRegistryCodeIsPresentWithItsReasonAndRFC() {
        #expect(registry.count == 75)
        #expect(Catalog.entries.map(\.code) == registry.map(\.0))
        for (code, reason, rfc) in registry {
            let entry = Catalog.entry(for: code)
            #expect(entry?.reason == reason, "\(code)")
            #expect(entry?.rfc == rfc, "\(code)")
            #expect(entry?.isRegistered == true, "\(code)")
            #expect(entry?.responseClass == ResponseClass(code: code), "\(code)")
        }
    }

    @Test func entriesAscendWithoutDuplicates() {
        let codes = Catalog.entries.map(\.code)
        #expect(codes == codes.sorted())
        #expect(Set(codes).count == codes.count)
    }

    /// RFC 3261 §21 defines 50 codes; the other 25 come from later RFCs.
    @Test func sectionsOfRFC3261Codes() {
        let base = Catalog.entries.filter { $0.rfc == "RFC 3261" }
        #expect(base.count == 50)
        for entry in base {
            let prefix = "21.\(entry.responseClass.digit)."
            #expect(entry.section.hasPrefix(prefix), "\(entry.code) \(entry.section)")
        }
        #expect(Catalog.entry(for: 183)?.section == "21.1.5")
        #expect(Catalog.entry(for: 410)?.section == "21.4.10")
        #expect(Catalog.entry(for: 493)?.section == "21.4.28")
        #expect(Catalog.entry(for: 513)?.section == "21.5.7")
        #expect(Catalog.entry(for: 606)?.section == "21.6.4")
    }

    @Test func noFieldIsEmpty() {
        for entry in Catalog.entries {
            for field in [
                entry.reason, entry.rfc, entry.section, entry.meaning, entry.whenYouSeeIt, entry.howToFix,
                entry.whenToUse,
            ] {
                #expect(!field.trimmingSpaces.isEmpty, "\(entry.code)")
            }
            #expect(!entry.related.isEmpty, "\(entry.code)")
        }
    }

    /// The analyzer prints `meaning` under every response: one or two sentences.
    @Test func meaningIsOneOrTwoSentences() {
        for entry in Catalog.entries {
            let count = TextWrap.sentences(entry.meaning).count
            #expect((1...2).contains(count), "\(entry.code): \(count) sentences")
        }
    }

    /// Each entry's prose is its own: no sentence appears twice in the catalog.
    @Test func noTwoEntriesShareASentence() {
        var seen: [String: Int] = [:]
        var duplicates: [String] = []
        for entry in Catalog.entries {
            for text in [entry.meaning, entry.whenYouSeeIt, entry.howToFix] {
                for sentence in TextWrap.sentences(text) {
                    let key = sentence.lowercased().trimmingSpaces
                    if let other = seen[key] {
                        duplicates.append("\(other) and \(entry.code): \(sentence)")
                    }
                    seen[key] = entry.code
                }
            }
        }
        #expect(duplicates == [])
        let uses = Catalog.entries.map(\.whenToUse)
        #expect(Set(uses).count == uses.count)
    }

    /// The seeds set the tone; none of their sentences may be reused.
    @Test func noSeedSentenceIsReused() {
        let seedFragments = [
            "used to convey information about the progress of the call that is not otherwise classified",
            "often carries early media (ringback tones, announcements) via sdp",
            "during call setup, especially in pstn interworking scenarios",
            "no forwarding address is known. this is expected to be a permanent condition",
            "the user is permanently gone",
            "no fix needed",
            "the request has succeeded",
            "three-way handshake",
        ]
        for entry in Catalog.entries {
            let text = [entry.meaning, entry.whenYouSeeIt, entry.howToFix].joined(separator: " ").lowercased()
            for fragment in seedFragments {
                #expect(!text.contains(fragment), "\(entry.code): \(fragment)")
            }
        }
    }

    @Test func relatedCodesAreRegisteredAndNotSelf() {
        for entry in Catalog.entries {
            for code in entry.related {
                #expect(Catalog.isRegistered(code), "\(entry.code) -> \(code)")
                #expect(code != entry.code)
            }
            #expect(entry.related == entry.related.sorted())
        }
    }

    @Test(arguments: [(401, 407), (404, 410), (410, 604), (404, 604), (486, 600), (480, 408), (488, 606)])
    func relatedPairsPointBothWays(a: Int, b: Int) {
        #expect(Catalog.entry(for: a)?.related.contains(b) == true)
        #expect(Catalog.entry(for: b)?.related.contains(a) == true)
    }

    @Test(arguments: [0, 1, 99, 700, 1000, -183])
    func nothingOutside100To699(code: Int) {
        #expect(Catalog.entry(for: code) == nil)
    }

    @Test func unregisteredCodeFallsBackToItsClass() throws {
        let entry = try #require(Catalog.entry(for: 499))
        #expect(entry.code == 499)
        #expect(!entry.isRegistered)
        #expect(entry.reason == "")
        #expect(entry.responseClass == .clientFailure)
        #expect(entry.title == "499 (unregistered)")
        #expect(entry.citation == "RFC 3261 §8.1.3.2")
        #expect(
            TextWrap.firstSentence(entry.meaning)
                == "499 is not in the IANA registry of SIP response codes, so a client treats it as 400 Bad Request.")
        #expect(entry.howToFix.hasPrefix("Handle it as 400 Bad Request"))
        #expect(entry.facts == Catalog.entry(for: 400)?.facts)
        #expect(entry.related == [400])
    }

    /// RFC 3261 §8.1.3.2: an unknown provisional response is handled as 183.
    @Test func unregisteredProvisionalFallsBackTo183() throws {
        let entry = try #require(Catalog.entry(for: 150))
        #expect(!entry.isRegistered)
        #expect(entry.related == [183])
        #expect(entry.facts == Catalog.entry(for: 183)?.facts)
        #expect(entry.meaning.contains("treats it as 183 Session Progress"))
    }

    @Test func everyUnregisteredCodeHasAFallback() {
        let unregistered = (100...699).filter { !Catalog.isRegistered($0) }
        #expect(unregistered.count == 600 - 75)
        for code in unregistered {
            #expect(Catalog.entry(for: code)?.isRegistered == false, "\(code)")
        }
    }

    @Test func entriesByClass() {
        #expect(Catalog.entries(in: .success).map(\.code) == [200, 202, 204])
        #expect(Catalog.entries(in: .globalFailure).map(\.code) == [600, 603, 604, 606, 607, 608])
        #expect(ResponseClass.allCases.map { Catalog.entries(in: $0).count } == [6, 3, 5, 46, 9, 6])
    }
}

extension String {
    var trimmingSpaces: String {
        var s = Substring(self)
        while s.first == " " || s.first == "\n" { s.removeFirst() }
        while s.last == " " || s.last == "\n" { s.removeLast() }
        return String(s)
    }
}
