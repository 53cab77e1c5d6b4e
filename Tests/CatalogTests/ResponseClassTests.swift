import Testing

@testable import Catalog

@Suite struct ResponseClassTests {
    @Test(arguments: [
        (100, ResponseClass.provisional), (199, .provisional), (200, .success), (299, .success),
        (300, .redirection), (399, .redirection), (400, .clientFailure), (499, .clientFailure),
        (500, .serverFailure), (599, .serverFailure), (600, .globalFailure), (699, .globalFailure),
    ])
    func classOfCode(code: Int, expected: ResponseClass) {
        #expect(ResponseClass(code: code) == expected)
    }

    @Test(arguments: [Int.min, -1, 0, 99, 700, 999, Int.max])
    func outsideTheRangeHasNoClass(code: Int) {
        #expect(ResponseClass(code: code) == nil)
    }

    @Test func displayNames() {
        #expect(
            ResponseClass.allCases.map(\.rawValue) == [
                "Provisional", "Success", "Redirection", "Client Failure", "Server Failure", "Global Failure",
            ])
        #expect(ResponseClass.allCases.map(\.label) == ["1xx", "2xx", "3xx", "4xx", "5xx", "6xx"])
    }

    @Test func rangesAndFinality() {
        #expect(ResponseClass.clientFailure.codes == 400...499)
        #expect(!ResponseClass.provisional.isFinal)
        #expect(ResponseClass.allCases.filter(\.isFinal).count == 5)
    }

    /// RFC 3261 §8.1.3.2: unknown finals count as x00, unknown provisionals as 183.
    @Test func fallbackCodes() {
        #expect(ResponseClass.allCases.map(\.fallbackCode) == [183, 200, 300, 400, 500, 600])
    }

    @Test func acknowledgementFollowsTheClass() {
        #expect(ResponseClass.provisional.acknowledgement == .prackWhenReliable)
        #expect(ResponseClass.success.acknowledgement == .ackEndToEnd)
        #expect(ResponseClass.globalFailure.acknowledgement == .ackHopByHop)
    }
}
