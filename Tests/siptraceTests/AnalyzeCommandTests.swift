import Foundation
import TestSupport
import Testing

/// `siptrace analyze` run as a process: exit codes, streams, and what it prints.
@Suite struct AnalyzeCommandTests {
    @Test func textReportOnBasicCall() throws {
        let r = try SiptraceBinary.run(["analyze", Fixtures.path("basic-call.pcap")])
        #expect(r.status == 0)
        #expect(r.stderr == "")
        #expect(r.stdout.contains("answered"))
        #expect(r.stdout.contains("INVITE sip:"))
        // Not a terminal: no colour codes.
        #expect(!r.stdout.contains("\u{1B}["))
    }

    @Test func jsonReportHasTheContractKeys() throws {
        let r = try SiptraceBinary.run(["analyze", "--format", "json", Fixtures.path("early-media.pcap")])
        #expect(r.status == 0)
        let json = try #require(try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any])
        let capture = try #require(json["capture"] as? [String: Any])
        for key in ["file", "format", "linkTypes", "packets", "sipMessages", "skipped"] {
            #expect(capture[key] != nil, "capture.\(key)")
        }
        #expect(capture["format"] as? String == "pcap")
        #expect(capture["linkTypes"] as? [String] == ["EN10MB"])
        let summary = try #require(json["summary"] as? [String: Any])
        for key in ["requests", "responses", "calls", "outcomes"] {
            #expect(summary[key] != nil, "summary.\(key)")
        }
        let calls = try #require(json["calls"] as? [[String: Any]])
        let call = try #require(calls.first)
        for key in [
            "callId", "from", "to", "outcome", "finalStatus", "earlyMedia", "pddMs", "setupMs", "durationMs",
            "messages",
        ] {
            #expect(call.keys.contains(key), "calls[].\(key)")
        }
        #expect(call["outcome"] as? String == "answered")
        #expect(call["earlyMedia"] as? Bool == true)
        let messages = try #require(call["messages"] as? [[String: Any]])
        for message in messages {
            for key in ["frame", "time", "src", "dst", "transport", "cseq", "retransmission"] {
                #expect(message[key] != nil, "messages[].\(key)")
            }
            if message["status"] != nil {
                #expect(message["reason"] != nil)
                let annotation = try #require(message["annotation"] as? [String: Any])
                for key in ["class", "meaning", "whenYouSeeIt", "howToFix"] {
                    #expect((annotation[key] as? String)?.isEmpty == false, "annotation.\(key)")
                }
            } else {
                #expect(message["method"] != nil)
            }
            let time = try #require(message["time"] as? String)
            // 2026-11-21T05:57:58.031581Z
            #expect(time.count == 27 && time.hasSuffix("Z"))
        }
        #expect(json["malformed"] as? [Any] != nil)
    }

    /// ndjson: one object per call as it ends, then one summary object whose
    /// counts equal the full JSON report's.
    @Test func ndjsonStreamsCallsThenSummary() throws {
        let r = try SiptraceBinary.run(["analyze", "--format", "ndjson", Fixtures.path("mix.pcap")])
        #expect(r.status == 0)
        let lines = r.stdout.split(separator: "\n")
        #expect(lines.count == 43)
        var ids: Set<String> = []
        for line in lines.dropLast() {
            let call = try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
            ids.insert(try #require(call["callId"] as? String))
        }
        #expect(ids.count == 42)
        let last = try #require(try JSONSerialization.jsonObject(with: Data(lines.last!.utf8)) as? [String: Any])
        #expect(last["event"] as? String == "summary")
        let full = try SiptraceBinary.run(["analyze", "--format", "json", Fixtures.path("mix.pcap")])
        let json = try #require(try JSONSerialization.jsonObject(with: Data(full.stdout.utf8)) as? [String: Any])
        let a = try #require(last["summary"] as? [String: Any])
        let b = try #require(json["summary"] as? [String: Any])
        #expect(NSDictionary(dictionary: a).isEqual(to: b))
    }

    @Test func summaryOnly() throws {
        let r = try SiptraceBinary.run(["analyze", "--summary", Fixtures.path("mix.pcap")])
        #expect(r.status == 0)
        #expect(r.stdout.contains("calls         42 (42 INVITE, 0 other): 12 answered, 24 failed, 6 cancelled"))
        #expect(!r.stdout.contains("Call 1 "))
    }

    @Test func standardInput() throws {
        let data = try Data(contentsOf: URL(fileURLWithPath: Fixtures.path("basic-call.pcap")))
        let piped = try SiptraceBinary.run(["analyze", "--format", "json", "-"], stdin: data)
        let direct = try SiptraceBinary.run(["analyze", "--format", "json", Fixtures.path("basic-call.pcap")])
        #expect(piped.status == 0)
        #expect(
            piped.stdout.replacingOccurrences(of: "\"file\": \"-\"", with: "")
                == direct.stdout.replacingOccurrences(of: "\"file\": \"\(Fixtures.path("basic-call.pcap"))\"", with: "")
        )
    }

    /// A capture given as a pipe's path (bash's `<(…)`): libpcap reads it
    /// all, with the same figures as the file itself (siptrace reads only a
    /// regular file's records itself: a pipe opened a second time shared its
    /// bytes with libpcap's buffer, and the analysis stopped at frame 167 of 228).
    @Test func processSubstitution() throws {
        let file = Fixtures.path("mix.pcap")
        let piped = try TestProcess.run(
            "/bin/bash", ["-c", "\"$0\" analyze --format json <(cat \"$1\")", SiptraceBinary.path, file])
        let direct = try SiptraceBinary.run(["analyze", "--format", "json", file])
        #expect(piped.status == 0)
        #expect(piped.stderr == "")
        let a = try #require(
            try JSONSerialization.jsonObject(with: Data(piped.stdout.utf8)) as? [String: Any])
        let b = try #require(
            try JSONSerialization.jsonObject(with: Data(direct.stdout.utf8)) as? [String: Any])
        let summaryA = try #require(a["summary"] as? [String: Any])
        let summaryB = try #require(b["summary"] as? [String: Any])
        #expect(NSDictionary(dictionary: summaryA).isEqual(to: summaryB))
        #expect((a["calls"] as? [Any])?.count == 42)
    }

    @Test func textFileIsAnInputError() throws {
        let path = Fixtures.temporaryFile(Array("hello, not a capture\n".utf8), suffix: ".txt")
        let r = try SiptraceBinary.run(["analyze", path])
        #expect(r.status == 2)
        #expect(r.stdout == "")
        #expect(r.stderr == "siptrace: \(path): not a pcap or pcapng capture (unknown file format)\n")
    }

    @Test func emptyFileIsAnInputError() throws {
        let path = Fixtures.temporaryFile([])
        let r = try SiptraceBinary.run(["analyze", path])
        #expect(r.status == 2)
        #expect(r.stderr.hasPrefix("siptrace: \(path): truncated capture, no packet can be read"))
        #expect(r.stderr.split(separator: "\n").count == 1)
    }

    @Test func missingFileIsAnInputError() throws {
        let r = try SiptraceBinary.run(["analyze", "/nonexistent/capture.pcap"])
        #expect(r.status == 2)
        #expect(r.stderr == "siptrace: /nonexistent/capture.pcap: cannot open: No such file or directory\n")
    }

    @Test func truncatedCaptureIsAnalyzedWithAWarning() throws {
        let full = try #require(Fixtures.read(Fixtures.path("basic-call.pcap")))
        let path = Fixtures.temporaryFile(Array(full.prefix(full.count - 20)))
        let r = try SiptraceBinary.run(["analyze", "--format", "json", path])
        #expect(r.status == 0)
        #expect(r.stderr.hasPrefix("siptrace: warning: \(path): capture cut short after frame 6:"))
        let json = try #require(try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any])
        let capture = try #require(json["capture"] as? [String: Any])
        #expect(capture["packets"] as? Int == 6)
    }

    @Test(arguments: [
        ["analyze"], ["analyze", "--format", "xml", "x.pcap"], ["frobnicate"], ["analyze", "--bogus", "x"],
    ])
    func usageErrorsExitTwo(arguments: [String]) throws {
        let r = try SiptraceBinary.run(arguments)
        #expect(r.status == 2)
        #expect(r.stderr.hasPrefix("siptrace: "))
        #expect(r.stderr.split(separator: "\n").count == 1)
    }

    @Test func helpExitsZero() throws {
        let r = try SiptraceBinary.run(["analyze", "--help"])
        #expect(r.status == 0)
        #expect(r.stdout.contains("--format"))
    }
}
