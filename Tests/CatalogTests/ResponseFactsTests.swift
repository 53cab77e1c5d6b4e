import Testing

@testable import Catalog

/// Structured facts for a sample of codes, each checked against its RFC.
@Suite struct ResponseFactsTests {
    private func entry(_ code: Int) throws -> CatalogEntry { try #require(Catalog.entry(for: code)) }

    /// RFC 6228: 199 is provisional and ends one early dialog; it carries no SDP.
    @Test func earlyDialogTerminated() throws {
        let e = try entry(199)
        #expect(e.responseClass == .provisional)
        #expect(!e.isFinal)
        #expect(e.facts.dialog == .endsEarly)
        #expect(e.facts.sdp == .none)
    }

    /// RFC 3261 §21.1.5, §12.1: 183 is provisional, may open early media and an early dialog.
    @Test func sessionProgress() throws {
        let e = try entry(183)
        #expect(!e.isFinal)
        #expect(e.facts.dialog == .early)
        #expect(e.facts.sdp == .earlyMedia)
        #expect(e.acknowledgement == .prackWhenReliable)
        #expect(e.facts.retry == .notApplicable)
    }

    /// RFC 3261 §13.2.2.4: a 2xx to INVITE creates the dialog, carries the answer, is ACKed end to end.
    @Test func ok() throws {
        let e = try entry(200)
        #expect(e.isFinal)
        #expect(e.facts.dialog == .confirmed)
        #expect(e.facts.sdp == .answer)
        #expect(e.acknowledgement == .ackEndToEnd)
    }

    /// RFC 5839: 204 is a success answering a SUBSCRIBE inside a dialog.
    @Test func noNotification() throws {
        let e = try entry(204)
        #expect(e.responseClass == .success)
        #expect(e.facts.dialog == .none)
        #expect(e.facts.headers.contains("Suppress-If-Match"))
    }

    @Test func alternativeServiceIsRedirection() throws {
        #expect(try entry(380).responseClass == .redirection)
    }

    /// RFC 3261 §21.3.2, §21.3.3: new address in Contact; 301 lasts, 302 does not.
    @Test func movedPermanentlyAndTemporarily() throws {
        let permanent = try entry(301)
        let temporary = try entry(302)
        #expect(permanent.facts.retry == .elsewhere)
        #expect(permanent.facts.permanence == .permanent)
        #expect(temporary.facts.permanence == .temporary)
        #expect(permanent.facts.headers.first == "Contact")
        #expect(temporary.facts.headers.first == "Contact")
    }

    @Test(arguments: [607, 608])
    func unwantedAndRejectedAreGlobalFailures(code: Int) throws {
        let e = try entry(code)
        #expect(e.responseClass == .globalFailure)
        #expect(e.facts.retry == .never)
    }

    /// RFC 4028 §6: 422 carries Min-SE.
    @Test func sessionIntervalTooSmallCarriesMinSE() throws {
        let e = try entry(422)
        #expect(e.facts.headers == ["Min-SE", "Session-Expires"])
        #expect(e.facts.retry == .modify)
    }

    @Test func intervalTooBriefCarriesMinExpires() throws {
        #expect(try entry(423).facts.headers.first == "Min-Expires")
    }

    @Test func challenges() throws {
        #expect(try entry(401).facts.headers.first == "WWW-Authenticate")
        #expect(try entry(407).facts.headers.first == "Proxy-Authenticate")
        #expect(try entry(401).facts.retry == .authenticate)
        #expect(try entry(407).facts.retry == .authenticate)
    }

    @Test(arguments: [480, 486, 503, 600, 603])
    func retryAfterMatters(code: Int) throws {
        #expect(try entry(code).facts.headers.contains("Retry-After"))
    }

    @Test func extensionNegotiation() throws {
        #expect(try entry(420).facts.headers.first == "Unsupported")
        #expect(try entry(421).facts.headers.first == "Require")
        #expect(try entry(415).facts.headers.first == "Accept")
    }

    /// RFC 3261 §21.4.10 and §21.4.5: 410 and 404 are final and lasting, 480 passing.
    @Test func goneNotFoundUnavailable() throws {
        let gone = try entry(410)
        #expect(gone.isFinal)
        #expect(gone.facts.permanence == .permanent)
        #expect(gone.facts.retry == .never)
        #expect(try entry(404).facts.permanence == .permanent)
        #expect(try entry(480).facts.permanence == .temporary)
        #expect(try entry(480).facts.retry == .later)
    }

    /// RFC 3261 §21.4.26, §21.6.4: 488 and 606 may carry SDP saying what would work.
    @Test(arguments: [488, 606, 580])
    func failuresThatMayCarrySDP(code: Int) throws {
        #expect(try entry(code).facts.sdp == .explainsFailure)
    }

    @Test func onlyOneAndTwoHundredsOpenDialogs() {
        for entry in Catalog.entries where entry.facts.dialog == .early || entry.facts.dialog == .confirmed {
            #expect(entry.code >= 180 && entry.code < 300, "\(entry.code)")
        }
        #expect(Catalog.entries.filter { $0.facts.dialog == .early }.map(\.code) == [180, 181, 182, 183])
    }

    @Test func provisionalAndSuccessNeedNoRetry() {
        for entry in Catalog.entries where entry.responseClass == .provisional || entry.responseClass == .success {
            #expect(entry.facts.retry == .notApplicable, "\(entry.code)")
            #expect(entry.facts.permanence == .notApplicable, "\(entry.code)")
        }
    }

    @Test func rawValuesAreStableJSONWords() {
        #expect(DialogEffect.allCases.map(\.rawValue) == ["none", "early", "confirmed", "endsEarly"])
        #expect(SessionDescription.allCases.map(\.rawValue) == ["none", "earlyMedia", "answer", "explainsFailure"])
        #expect(
            RetryAdvice.allCases.map(\.rawValue)
                == ["notApplicable", "modify", "authenticate", "elsewhere", "later", "never"])
        #expect(Permanence.allCases.map(\.rawValue) == ["notApplicable", "temporary", "permanent"])
        #expect(Acknowledgement.allCases.map(\.rawValue) == ["prackWhenReliable", "ackEndToEnd", "ackHopByHop"])
    }
}
