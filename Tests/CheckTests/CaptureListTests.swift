import TestSupport
import Testing

@testable import Check

@Suite struct CaptureListTests {
    @Test func filesPassThrough() throws {
        #expect(try CaptureList.expand(["a.pcap", "-", "/nope/b.pcapng"]) == ["a.pcap", "-", "/nope/b.pcapng"])
    }

    @Test func directoryGivesItsCapturesSorted() throws {
        let all = try CaptureList.expand([Fixtures.packageRoot + "/Fixtures"])
        let names = all.map { String($0.split(separator: "/").last!) }
        #expect(names.first == "any-sll.pcap")
        #expect(names.contains("basic-call.pcapng"))
        #expect(names == Fixtures.files(in: Fixtures.packageRoot + "/Fixtures", suffixes: [".pcap", ".pcapng"]))
        #expect(!names.contains { $0.hasSuffix(".json") })
    }

    @Test func globPattern() throws {
        let matches = try CaptureList.expand([Fixtures.packageRoot + "/Fixtures/b*-*.pcap"])
        #expect(matches.map { String($0.split(separator: "/").last!) } == ["basic-call.pcap", "busy-486.pcap"])
    }

    @Test func nothingFoundIsAnError() {
        let pattern = Fixtures.packageRoot + "/Fixtures/*.nothing"
        #expect(throws: CheckError("no capture matches '\(pattern)'")) { try CaptureList.expand([pattern]) }
        let empty = Fixtures.packageRoot + "/Fixtures/scenarios"
        #expect(throws: CheckError("\(empty): no .pcap or .pcapng file in the directory")) {
            try CaptureList.expand([empty])
        }
    }
}
