import Testing

@testable import Catalog

@Suite struct ComparisonTests {
    private func compare(_ a: Int, _ b: Int) throws -> Comparison {
        Comparison(try #require(Catalog.entry(for: a)), try #require(Catalog.entry(for: b)))
    }

    /// The facts seed 000 states: 183 provisional with early-media SDP; 410 final,
    /// permanent, a user who once existed, unlike 404.
    @Test func sessionProgressAgainstGone() throws {
        let c = try compare(183, 410)
        #expect(
            c.classStatement
                == "183 (Session Progress) is a 1xx Provisional response, while 410 (Gone) is a 4xx Client Failure "
                + "response.")
        #expect(c.differences.count == 8)
        #expect(
            c.differences[0]
                == "183 is provisional: the transaction stays open and a final response is still to come. 410 is "
                + "final: it closes the transaction, and no other response follows it.")
        #expect(
            c.differences[3]
                == "183 may carry SDP that opens early media, such as ringback tones or announcements; 410 carries no "
                + "session description.")
        #expect(
            c.differences[6]
                == "183 is a progress report, not a condition that lasts. The condition 410 reports is permanent: "
                + "the same request will keep failing until something changes.")
        #expect(c.inCommon == [])
        #expect(c.second.meaning.contains("Unlike 404, the server is saying the user used to be here."))
        #expect(
            c.whenToUseWhich.last
                == "They are not alternatives: 183 can come first while the request is pending, and 410 then ends "
                + "it; nothing can follow 410.")
    }

    /// The facts seed 002 states: 200 answers the INVITE and must be ACKed.
    @Test func sessionProgressAgainstOK() throws {
        let c = try compare(183, 200)
        #expect(
            c.classStatement
                == "183 (Session Progress) is a 1xx Provisional response, while 200 (OK) is a 2xx Success response.")
        #expect(
            c.differences.contains(
                "183 can create an early dialog in answer to an INVITE, when a To tag is present, whereas 200 creates "
                    + "a confirmed dialog in answer to an INVITE, SUBSCRIBE or REFER."))
        #expect(
            c.differences.contains(
                "In answer to an INVITE, 183 is never ACKed; when it is sent reliably (Require: 100rel), the caller "
                    + "confirms it with PRACK. 200 must be confirmed by the caller with an ACK, a new request sent "
                    + "end to end; until it arrives the callee keeps resending the response."))
        #expect(c.inCommon == ["After either one, the request needs no retry."])
        #expect(c.second.meaning.hasPrefix("The request succeeded. For an INVITE the callee answered"))
    }

    /// Any pair gets a comparison: two finals of different classes.
    @Test func busyHereAgainstBusyEverywhere() throws {
        let c = try compare(486, 600)
        #expect(
            c.differences == [
                "486 fails the request at this destination only, so a forking proxy keeps its other branches going, "
                    + "while 600 speaks for every destination of the user, so a forking proxy cancels the branches "
                    + "still pending."
            ])
        #expect(c.inCommon.first == "Both are final: each one closes the transaction it answers.")
        #expect(
            c.inCommon.contains("Both report a condition that is temporary: the same request may succeed later."))
        #expect(
            c.whenToUseWhich.last
                == "Only one can be the final answer to a request; pick the one whose class and meaning match what "
                + "happened.")
    }

    @Test func sameClassNamesTheGeneralCode() throws {
        let c = try compare(404, 410)
        #expect(c.classStatement == "404 (Not Found) and 410 (Gone) are both 4xx Client Failure responses.")
        #expect(c.differences == [])
        #expect(
            c.whenToUseWhich.last
                == "Only one can be the final answer to a request. A peer that does not know one of them treats it "
                + "as 400 Bad Request, so the more specific code only helps peers that understand it.")
        let general = try compare(400, 413)
        #expect(
            general.whenToUseWhich.last
                == "Only one can be the final answer to a request. 400 Bad Request is the general code of the class: "
                + "a peer that does not know 413 treats it as 400.")
    }

    @Test func twoProvisionals() throws {
        let c = try compare(180, 199)
        #expect(
            c.inCommon.first
                == "Both are provisional: neither ends the transaction, and a final response is still to come.")
        #expect(
            c.whenToUseWhich.last == "Both can be sent, more than once and in any order, before the final response.")
    }

    @Test func unregisteredCodesCompare() throws {
        let c = try compare(499, 404)
        #expect(
            c.classStatement == "499 (unregistered) and 404 (Not Found) are both 4xx Client Failure responses.")
        #expect(c.whenToUseWhich.first?.hasPrefix("Use 499 when no registered code fits") == true)
    }

    @Test func aCodeAgainstItself() throws {
        let c = try compare(486, 486)
        #expect(c.classStatement == "486 (Busy Here) is compared with itself: a 4xx Client Failure response.")
        #expect(c.differences == [])
        #expect(c.whenToUseWhich.count == 1)
    }

    /// Every pair of registered codes yields a statement and at least one item.
    @Test func everyPairCompares() {
        for a in Catalog.entries {
            for b in Catalog.entries {
                let c = Comparison(a, b)
                #expect(!c.classStatement.isEmpty)
                #expect(!(c.differences + c.inCommon).isEmpty)
                #expect(c.whenToUseWhich.count >= 1)
            }
        }
    }
}
