import TestSupport
import Testing

@testable import SIPTrace

/// On two threads, each message's tags and branch are read by whichever
/// thread has time (`Pipeline.tagShare`, moved as the threads wait for each
/// other). Fixed at none, some and all, on small batches, every capture must
/// count what one thread counts, account for every packet alike and list the
/// same malformed messages and messages without a Call-ID.
@Suite struct TagShareTests {
    @Test(arguments: SummaryModeTests.captures)
    func theSharingChangesNoCount(path: String) throws {
        var analyzer = Analyzer()
        analyzer.retainCalls = false
        analyzer.dialogs = false
        analyzer.countsOnly = true
        analyzer.trackOnSecondThread = false
        let one = try analyzer.analyze(path: path)
        analyzer.trackOnSecondThread = true
        analyzer.trackingBatchSize = 5
        for share in [0, 3, 8] {
            analyzer.fixedTagShare = share
            let shared = try analyzer.analyze(path: path)
            #expect(shared.summary == one.summary, "tag share \(share)")
            #expect(shared.capture.sipMessages == one.capture.sipMessages, "tag share \(share)")
            #expect(
                shared.capture.skippedByReason.map { "\($0.reason) \($0.count)" }
                    == one.capture.skippedByReason.map { "\($0.reason) \($0.count)" }, "tag share \(share)")
            #expect(shared.malformed == one.malformed, "tag share \(share)")
            #expect(shared.malformedNotListed == one.malformedNotListed, "tag share \(share)")
            #expect(shared.withoutCallID.map(\.frame) == one.withoutCallID.map(\.frame), "tag share \(share)")
        }
    }
}
