import Testing

@testable import Catalog

@Suite struct CatalogTextTests {
    @Test func entryIn72Columns() throws {
        let text = CatalogText.entry(try #require(Catalog.entry(for: 100)), width: 72)
        #expect(
            text == """
                100 Trying
                Provisional (1xx), RFC 3261 §21.1.1

                Meaning
                  The next hop got the request and is working on it. It says nothing yet
                  about whether the callee exists or will answer.

                When you see it
                  Within a fraction of a second of an INVITE, from the first proxy or
                  from the callee's phone; it stops the caller from retransmitting the
                  INVITE. A stateful proxy never passes it on upstream, so each hop
                  sends its own.

                How to fix
                  Nothing is wrong when 100 arrives; worry only when it is the last
                  thing you see. A call stuck after 100 Trying means the request stalled
                  further along: follow it to the next hop and look for a timeout or a
                  missing response there.

                Facts
                  final       no: a final response will follow
                  dialog      creates no dialog
                  SDP         carries no session description
                  ACK         A 1xx is never ACKed; one other than 100 may be sent
                              reliably (Require: 100rel), and the caller then confirms
                              it with PRACK.
                  retry       the request needs no retry
                  condition   100 is a progress report, not a condition that lasts.
                  headers     none in particular
                  related     180 Ringing, 183 Session Progress, 408 Request Timeout

                """)
    }

    @Test func unregisteredEntrySaysSo() throws {
        let text = CatalogText.entry(try #require(Catalog.entry(for: 299)), width: 80)
        #expect(
            text.hasPrefix(
                "299 (unregistered)\nSuccess (2xx), not in the IANA registry; handled as 200 OK (RFC 3261 §8.1.3.2)\n"))
    }

    @Test(arguments: [40, 57, 80, 120])
    func everyEntryFitsItsWidth(width: Int) {
        for entry in Catalog.entries {
            for line in CatalogText.entry(entry, width: width).split(separator: "\n") {
                #expect(line.count <= width, "\(entry.code) at \(width): \(line)")
            }
        }
    }

    @Test func narrowWidthsUseTheMinimum() throws {
        let entry = try #require(Catalog.entry(for: 486))
        #expect(CatalogText.entry(entry, width: 10) == CatalogText.entry(entry, width: CatalogText.minimumWidth))
    }

    @Test func classListingHasOneLinePerCode() {
        #expect(
            CatalogText.responseClass(.success, width: 72) == """
                2xx Success (200-299)
                  The request worked. A 2xx to an INVITE starts the session and the
                  caller must acknowledge it with ACK.

                200  OK: The request succeeded.
                202  Accepted (Deprecated): The request was accepted, but the work it...
                204  No Notification: The subscription refresh succeeded, and the ser...

                """)
        let clientFailures = CatalogText.responseClass(.clientFailure, width: 80).split(separator: "\n")
        #expect(clientFailures.count == 4 + 46)
        #expect(clientFailures.allSatisfy { $0.count <= 80 })
    }

    @Test func fullList() {
        let lines = CatalogText.list(width: 80).split(separator: "\n")
        #expect(lines.count == 76)
        #expect(lines[0] == "Code  Reason                                   Class           Defined in")
        #expect(lines[1] == "100   Trying                                   Provisional     RFC 3261 §21.1.1")
        #expect(lines[75] == "608   Rejected                                 Global Failure  RFC 8688 §3")
        #expect(lines.allSatisfy { $0.count <= 80 })
    }

    @Test func comparisonFollowsTheSeedsOrder() throws {
        let c = Comparison(try #require(Catalog.entry(for: 183)), try #require(Catalog.entry(for: 410)))
        let text = CatalogText.comparison(c, width: 80)
        #expect(text.hasPrefix("183 Session Progress vs 410 Gone\n\n183 (Session Progress) is a 1xx Provisional"))
        let markers = [
            "\n183 Session Progress\n", "  Meaning\n", "  When you see it\n", "  How to fix\n", "\n410 Gone\n",
            "  Meaning\n", "  When you see it\n", "  How to fix\n", "\nKey differences\n", "  1. 183 is provisional",
            "  8. Headers to read", "\nWhen to use which\n", "  Use 183 when", "  Use 410 when",
        ]
        var rest = Substring(text)
        for marker in markers {
            let found = rest.firstRange(of: marker)
            #expect(found != nil, "missing or out of order: \(marker)")
            if let found { rest = rest[found.upperBound...] }
        }
        #expect(!text.contains("In common"))
        #expect(text.split(separator: "\n").allSatisfy { $0.count <= 80 })
    }

    @Test func comparisonListsWhatIsShared() throws {
        let c = Comparison(try #require(Catalog.entry(for: 486)), try #require(Catalog.entry(for: 600)))
        let text = CatalogText.comparison(c, width: 80)
        #expect(text.contains("\nIn common\n  - Both are final: each one closes the transaction it answers.\n"))
    }
}
