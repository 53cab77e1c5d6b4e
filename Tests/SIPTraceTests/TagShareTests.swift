import Capture
import TestSupport
import Testing

@testable import SIPTrace

/// On two threads, each message's tags and branch are read by whichever
/// thread has time (`Pipeline.tagShare`, moved as the threads wait for each
/// other), and so is a summary's Call-ID hash (`Pipeline.hashesAway`). Fixed
/// at none, some and all, on small batches, every capture must count what one
/// thread counts, account for every packet alike and list the same malformed
/// messages and messages without a Call-ID.
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
        // Tags read here for 0, 3 or 8 of every eight messages; then, tags
        // all there, the Call-ID's hash worked out there for 3 or 8.
        for (share, hashesAway) in [(0, 0), (3, 0), (8, 0), (0, 3), (0, 8)] {
            analyzer.fixedTagShare = share
            analyzer.fixedHashesAway = hashesAway
            let shared = try analyzer.analyze(path: path)
            let label = Comment(rawValue: "tag share \(share), hashes away \(hashesAway)")
            #expect(shared.summary == one.summary, label)
            #expect(
                shared.capture.sipMessages == one.capture.sipMessages, label)
            #expect(
                shared.capture.skippedByReason.map { "\($0.reason) \($0.count)" }
                    == one.capture.skippedByReason.map { "\($0.reason) \($0.count)" }, label)
            #expect(shared.malformed == one.malformed, label)
            #expect(
                shared.malformedNotListed == one.malformedNotListed, label)
            #expect(
                shared.withoutCallID.map(\.frame) == one.withoutCallID.map(\.frame), label)
        }
    }

    /// The balance moves one scale (`Pipeline.shareLevel`): above 0, tags read
    /// on the reading thread; below, a summary's hashes worked out on the
    /// tracking thread; other modes stop at 0, and both ends hold.
    @Test func theShareLevelMapsOntoTagsAndHashes() {
        var summary = Pipeline()
        summary.countOnly()
        var streamed = Pipeline()
        streamed.streamCalls()
        let levels = [-12, -8, -3, 0, 3, 8, 12]
        var seen: [String] = []
        for level in levels {
            summary.shareLevel = level
            streamed.shareLevel = level
            seen.append("\(summary.tagShare)/\(summary.hashesAway) \(streamed.tagShare)/\(streamed.hashesAway)")
        }
        #expect(seen == ["0/8 0/0", "0/8 0/0", "0/3 0/0", "0/0 0/0", "3/0 3/0", "8/0 8/0", "8/0 8/0"])
        summary.shareLevel = -3
        #expect(summary.shareLevel == -3)
    }

    /// With `hashesAway` at 3, a summary's reading side leaves the Call-ID
    /// hash of the messages at turns 0, 1 and 2 of every eight (0 in the
    /// batch, for the tracking side) and works out the others; at 0, all.
    @Test(arguments: [0, 3, 8])
    func theReadingSideLeavesTheHashesItIsToldTo(hashesAway: Int) throws {
        var pipeline = Pipeline()
        pipeline.countOnly()
        _ = pipeline.beginHandoff(batchCapacity: 100_000)
        pipeline.hashesAway = hashesAway
        let capture = try OfflineCapture(path: Fixtures.path("mix.pcap"))
        _ = capture.forEachPacket { packet in
            pipeline.ingest(
                frame: packet.frame, timestamp: packet.timestamp, linkType: packet.linkType, bytes: packet.bytes)
        }
        let batch = pipeline.takeOutbox()
        // Each message, with a Call-ID or not, takes a turn; expiries do not.
        let turns = batch.entries.filter {
            if case .expire = $0.kind { return false }
            return true
        }
        let messages = turns.indices.filter { turns[$0].kind.isMessage }
        #expect(messages.count > 16)
        for index in messages {
            let left = turns[index].callIDHash == 0
            #expect(left == (index & 7 < hashesAway), "turn \(index)")
        }
    }
}
