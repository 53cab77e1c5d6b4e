import Foundation
import SIPTrace
import TestSupport
import Testing

/// The public corpus in `../shared/captures/public/`: real captures from other
/// projects, each with a tshark oracle. siptrace must agree with every oracle,
/// except for the differences listed, with reasons, in `CorpusExceptions.json`,
/// and exactly those differences must occur: a fixed one must leave the list.
enum Corpus {
    static var directory: String? {
        Fixtures.sharedDirectory.map { $0 + "/captures/public" }.flatMap { Fixtures.isDirectory($0) ? $0 : nil }
    }

    static var captures: [String] {
        guard let directory else { return [] }
        return Fixtures.files(in: directory, suffixes: [".pcap", ".pcapng"])
    }

    /// capture → (differences, why), from the exceptions file.
    static let exceptions: [String: (differences: [String], why: String)] = {
        let path = Fixtures.packageRoot + "/Tests/SIPTraceTests/CorpusExceptions.json"
        guard let data = FileManager.default.contents(atPath: path),
            let list = try? JSONSerialization.jsonObject(with: data) as? [[String: Any]]
        else { return [:] }
        var out: [String: (differences: [String], why: String)] = [:]
        for entry in list {
            guard let capture = entry["capture"] as? String, let differences = entry["differences"] as? [String],
                let why = entry["why"] as? String
            else { continue }
            out[capture] = (differences, why)
        }
        return out
    }()

    /// A method name or a status code from an oracle's JSON, as text. Explicit
    /// casts: interpolating `Any` from JSONSerialization is not safe to do from
    /// several test threads at once on Linux Foundation.
    static func text(_ value: Any) -> String {
        if let s = value as? String { return s }
        if let n = value as? Int { return String(n) }
        return "?"
    }

    /// Where siptrace and the oracle differ, one line per difference, stable order.
    static func differences(capture: String) throws -> [String] {
        let path = directory! + "/" + capture
        let data = try Data(contentsOf: URL(fileURLWithPath: path + ".oracle.json"))
        let oracle = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        let report = try Analyzer().analyze(path: path)
        var out: [String] = []

        func compare(_ label: String, ours: [String: Int], theirs: [String: Int]) {
            for key in Set(ours.keys).union(theirs.keys).sorted() where ours[key] != theirs[key] {
                out.append("\(label)[\(key)]: siptrace \(ours[key] ?? 0), tshark \(theirs[key] ?? 0)")
            }
        }
        compare(
            "requests", ours: Dictionary(uniqueKeysWithValues: report.summary.requestCounts),
            theirs: try #require(oracle["requests"] as? [String: Int]))
        compare(
            "responses",
            ours: Dictionary(uniqueKeysWithValues: report.summary.responseCounts.map { (String($0.0), $0.1) }),
            theirs: try #require(oracle["responses"] as? [String: Int]))
        // tshark groups by Call-ID over the whole capture; siptrace ends a call
        // when it is over, so a Call-ID used again later is another call, and
        // a message after the end is a late message. Per Call-ID, the two
        // together must be tshark's list.
        let distinct = try #require(oracle["distinct_call_ids"] as? Int)
        let ourDistinct = Set(report.calls.map(\.callID)).count
        if ourDistinct != distinct {
            out.append("callIds: siptrace \(ourDistinct), tshark \(distinct)")
        }
        let theirCalls = try #require(oracle["calls"] as? [String: [Any]]).mapValues { $0.map(Corpus.text) }
        var byCallID: [String: [(order: Int, record: MessageRecord)]] = [:]
        for (order, record) in (report.calls.flatMap(\.messages) + report.lateMessages).enumerated() {
            byCallID[record.message.callID ?? "", default: []].append((order, record))
        }
        // By frame, and in report order within a frame (several messages in one TCP segment).
        let ourCalls = byCallID.mapValues { records in
            records.sorted { ($0.record.frame, $0.order) < ($1.record.frame, $1.order) }.map {
                $0.record.message.method ?? String($0.record.message.status ?? 0)
            }
        }
        for id in Set(ourCalls.keys).union(theirCalls.keys).sorted() where ourCalls[id] != theirCalls[id] {
            let ours = ourCalls[id].map { "[" + $0.joined(separator: ",") + "]" } ?? "absent"
            let theirs = theirCalls[id].map { "[" + $0.joined(separator: ",") + "]" } ?? "absent"
            out.append("call \(id.debugDescription): siptrace \(ours), tshark \(theirs)")
        }
        return out
    }
}

@Suite(.enabled(if: Corpus.directory != nil, "../shared/captures/public is not beside this checkout"))
struct CorpusConformanceTests {
    init() {
        if Corpus.directory == nil {
            print("CorpusConformanceTests skipped: ../shared/captures/public is not beside this checkout")
        }
    }

    @Test func corpusIsThere() {
        #expect(Corpus.captures.count == 34)
        // Every exception names a capture that exists.
        for name in Corpus.exceptions.keys {
            #expect(Corpus.captures.contains(name), "exception for unknown capture \(name)")
        }
    }

    @Test(arguments: Corpus.captures)
    func agreesWithTheOracle(capture: String) throws {
        let found = try Corpus.differences(capture: capture)
        let expected = Corpus.exceptions[capture]?.differences ?? []
        #expect(found == expected, "\(capture): differences changed")
    }
}
