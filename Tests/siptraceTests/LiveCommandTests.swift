import Foundation
import TestSupport
import Testing

/// What the live tests need from the machine, checked once; each missing piece
/// is printed, because a skipped test must say why.
enum LiveEnvironment {
    /// The built binary can sniff `lo` (root in CI, or CAP_NET_RAW/CAP_NET_ADMIN).
    static let canCapture: Bool = {
        guard let r = try? SiptraceBinary.run(["live", "-i", "lo", "--duration", "100ms"], timeout: 10) else {
            print("LiveCommandTests: capture tests skipped: siptrace could not be run")
            return false
        }
        if r.status != 0 {
            print("LiveCommandTests: capture tests skipped: \(r.stderr.trimmingCharacters(in: .newlines))")
        }
        return r.status == 0
    }()

    /// Capture rights and sipp: the end-to-end test with real calls can run.
    static let canRunSipp: Bool = {
        guard canCapture else { return false }
        guard executable("sipp") != nil else {
            print("LiveCommandTests: sipp test skipped: sipp (sip-tester) is not installed")
            return false
        }
        return true
    }()

    /// `unshare --net` works: the sipp traffic can live on a private loopback.
    static let canUnshare: Bool = {
        guard let unshare = executable("unshare"),
            let r = try? run(unshare, ["--net", "--", "true"])
        else { return false }
        return r.status == 0
    }()

    /// Root may drop capabilities for one command: the permission error can be shown.
    static let canDropCapabilities: Bool = {
        guard getuid() == 0, executable("setpriv") != nil else {
            print("LiveCommandTests: permission test skipped: needs root and setpriv")
            return false
        }
        return true
    }()

    /// The full path of `name` on PATH, or nil.
    static func executable(_ name: String) -> String? {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
        for directory in path.split(separator: ":").map(String.init) + ["/usr/sbin", "/sbin"] {
            let candidate = "\(directory)/\(name)"
            if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
        }
        return nil
    }

    /// Runs a program other than siptrace, bounded by `timeout` seconds.
    static func run(
        _ executable: String, _ arguments: [String], environment: [String: String] = [:], timeout: TimeInterval = 30
    )
        throws -> SiptraceBinary.Result
    {
        try TestProcess.run(executable, arguments, environment: environment, timeout: timeout)
    }
}

/// The JSON objects of an ndjson stream.
private func objects(_ ndjson: String) throws -> [[String: Any]] {
    try ndjson.split(separator: "\n").map { line in
        try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
    }
}

@Suite struct LiveCommandTests {
    /// The real thing: siptrace sniffing lo while sipp places five calls (answered,
    /// early media, 410, 486, cancelled), stopped with SIGINT. The events, the
    /// summary, and the `-w` file read back by `analyze` and tshark must agree.
    // Needs root (or CAP_NET_RAW) and sipp; CI has both. Skipped with a printed reason otherwise.
    @Test(.enabled(if: LiveEnvironment.canRunSipp, "needs root or CAP_NET_RAW, and sipp"))
    func sippCallsOnLoopback() throws {
        let work = try FileManager.default.url(
            for: .itemReplacementDirectory, in: .userDomainMask, appropriateFor: URL(fileURLWithPath: "/tmp"),
            create: true
        ).path
        defer { try? FileManager.default.removeItem(atPath: work) }
        let script = Fixtures.packageRoot + "/Tests/siptraceTests/live/run-live.sh"
        let bash = try #require(LiveEnvironment.executable("bash"))
        let r: SiptraceBinary.Result
        if LiveEnvironment.canUnshare {
            r = try LiveEnvironment.run(
                try #require(LiveEnvironment.executable("unshare")),
                ["--net", "--", bash, script, SiptraceBinary.path, work], environment: ["SIPTRACE_LIVE_NETNS": "1"],
                timeout: 40)
        } else {
            print("LiveCommandTests: unshare --net unavailable; using the host's lo (ports 5080, 5081)")
            r = try LiveEnvironment.run(bash, [script, SiptraceBinary.path, work], timeout: 40)
        }
        #expect(r.status == 0, "run-live.sh: \(r.stderr)")
        let liveErr = (try? String(contentsOfFile: work + "/live.err", encoding: .utf8)) ?? ""
        #expect(
            liveErr
                == "siptrace: listening on lo, link type EN10MB, snapshot length 262144 bytes, "
                + "filter 'udp port 5080 or udp port 5081'; Ctrl-C to stop\n")
        let rc = try String(contentsOfFile: work + "/live.rc", encoding: .utf8)
        #expect(rc == "0\n")

        let lines = try objects(try String(contentsOfFile: work + "/live.out", encoding: .utf8))
        let summaryLine = try #require(lines.last)
        #expect(summaryLine["event"] as? String == "summary")
        let events = lines.dropLast()
        #expect(!events.contains { $0["event"] as? String == "summary" })

        // Each call's events in order, with the status each one carried.
        var byCall: [String: [String]] = [:]
        for e in events {
            let id = try #require(e["callId"] as? String)
            let name = try #require(e["event"] as? String)
            let status = (e["status"] as? Int).map { " \($0)" } ?? ""
            byCall[id, default: []].append(name + status)
            for key in ["time", "frame", "method", "from", "to", "src", "dst"] {
                #expect(e[key] != nil, "\(name) has \(key)")
            }
        }
        #expect(
            byCall == [
                "1-live@127.0.0.1": ["callStarted", "provisional 180", "answered 200", "ended"],
                "2-live@127.0.0.1": ["callStarted", "provisional 183", "answered 200", "ended"],
                "3-live@127.0.0.1": ["callStarted", "failed 410"],
                "4-live@127.0.0.1": ["callStarted", "provisional 180", "failed 486"],
                "5-live@127.0.0.1": ["callStarted", "provisional 180", "cancelled 487"],
            ])
        let early = try #require(
            events.first { $0["event"] as? String == "provisional" && $0["status"] as? Int == 183 })
        #expect(early["earlyMedia"] as? Bool == true)
        for failure in events where failure["event"] as? String == "failed" {
            #expect((failure["meaning"] as? String)?.isEmpty == false)
            #expect((failure["howToFix"] as? String)?.isEmpty == false)
        }
        for ended in events where ended["event"] as? String == "ended" {
            #expect(ended["endedBy"] as? String == "caller")
            // 200 ms of talk in live-users.csv.
            let duration = try #require(ended["durationMs"] as? Double)
            #expect(duration >= 200 && duration < 1000)
        }

        let summary = try #require(summaryLine["summary"] as? [String: Any])
        #expect(summary["calls"] as? Int == 5)
        #expect(summary["outcomes"] as? [String: Int] == ["answered": 2, "failed": 2, "cancelled": 1])
        let capture = try #require(summaryLine["capture"] as? [String: Any])
        #expect(capture["file"] as? String == "lo")
        #expect(capture["format"] as? String == "live")
        // A machine busy enough to make sipp retransmit (500 ms timers) adds
        // messages; then only the agreement with `analyze` below is exact.
        let messages = capture["sipMessages"] as? Int ?? 0
        if summary["retransmissions"] as? Int == 0 {
            #expect(summary["requests"] as? [String: Int] == ["INVITE": 5, "ACK": 5, "BYE": 2, "CANCEL": 1])
            #expect(
                summary["responses"] as? [String: Int]
                    == ["100": 5, "180": 3, "183": 1, "200": 5, "410": 1, "486": 1, "487": 1])
            #expect(capture["packets"] as? Int == 30)
            #expect(messages == 30)
        } else {
            print(
                "LiveCommandTests: sipp retransmitted \(summary["retransmissions"] ?? 0) messages; exact counts not checked"
            )
        }
        let live = try #require(summaryLine["live"] as? [String: Any])
        #expect(live["stoppedBy"] as? String == "SIGINT")
        #expect(live["droppedByKernel"] as? Int == 0)
        #expect((live["received"] as? Int ?? 0) >= messages)

        // The -w file: analyze gives the same summary, tshark sees every message.
        let analyzed = try SiptraceBinary.run(["analyze", "--format", "json", work + "/live.pcap"])
        #expect(analyzed.status == 0)
        let report = try #require(try JSONSerialization.jsonObject(with: Data(analyzed.stdout.utf8)) as? [String: Any])
        #expect((report["summary"] as? NSDictionary) == (summary as NSDictionary))
        #expect((report["capture"] as? [String: Any])?["packets"] as? Int == capture["packets"] as? Int)
        if let tshark = LiveEnvironment.executable("tshark") {
            let t = try LiveEnvironment.run(
                tshark,
                [
                    "-n", "-r", work + "/live.pcap", "-d", "udp.port==5080,sip", "-Y", "sip", "-T", "fields", "-e",
                    "frame.number",
                ],
                environment: ["HOME": work, "XDG_CONFIG_HOME": work])
            #expect(t.status == 0)
            #expect(t.stdout.split(separator: "\n").count == messages)
        } else {
            print("LiveCommandTests: tshark not installed; the -w file was checked with analyze only")
        }
    }

    // Needs capture rights: the filter is compiled on the opened interface.
    @Test(.enabled(if: LiveEnvironment.canCapture, "needs root or CAP_NET_RAW"))
    func badFilterIsAnInputError() throws {
        let r = try SiptraceBinary.run(["live", "-i", "lo", "-f", "udp prot 5060"])
        #expect(r.status == 2)
        #expect(r.stdout == "")
        #expect(
            r.stderr == "siptrace: bad capture filter 'udp prot 5060': can't parse filter expression: syntax error\n")
    }

    @Test func unknownInterfaceListsTheInterfaces() throws {
        let r = try SiptraceBinary.run(["live", "-i", "siptrace-nosuch0", "--duration", "1s"])
        #expect(r.status == 2)
        #expect(r.stdout == "")
        #expect(r.stderr.hasPrefix("siptrace: no such interface: siptrace-nosuch0 (interfaces: "))
        #expect(r.stderr.contains("lo"))
        #expect(r.stderr.split(separator: "\n").count == 1)
    }

    /// Root without CAP_NET_RAW and CAP_NET_ADMIN is what an unprivileged user gets.
    @Test(.enabled(if: LiveEnvironment.canDropCapabilities, "needs root and setpriv"))
    func noPermissionSaysWhatIsNeeded() throws {
        let setpriv = try #require(LiveEnvironment.executable("setpriv"))
        let r = try LiveEnvironment.run(
            setpriv,
            [
                "--bounding-set", "-net_raw,-net_admin", "--", SiptraceBinary.path, "live", "-i", "lo", "--duration",
                "1s",
            ])
        #expect(r.status == 2)
        #expect(r.stdout == "")
        #expect(r.stderr.hasPrefix("siptrace: cannot capture on lo: permission denied ("))
        #expect(r.stderr.contains("run as root, or give the binary CAP_NET_RAW and CAP_NET_ADMIN"))
        #expect(r.stderr.split(separator: "\n").count == 1)
    }

    /// --duration holds on a silent link, and the summary still comes out.
    @Test(.enabled(if: LiveEnvironment.canCapture, "needs root or CAP_NET_RAW"))
    func durationStopsASilentCapture() throws {
        let start = Date()
        let r = try SiptraceBinary.run(["live", "-i", "lo", "-f", "udp port 9 and udp port 10", "--duration", "500ms"])
        #expect(Date().timeIntervalSince(start) < 5)
        #expect(r.status == 0)
        #expect(
            r.stdout.contains("\nCapture  lo\n  format live, link type EN10MB, 0 packets, 0 SIP messages, 0 skipped\n"))
        #expect(r.stdout.contains("\nSummary\n  requests      none\n"))
        #expect(r.stdout.contains("\nLive capture\n  stopped by    --duration 500ms\n"))
        #expect(
            r.stdout.contains(
                "  kernel        0 packets received, 0 dropped by the kernel, 0 dropped by the interface\n"))
    }

    @Test func interfacesListsLoopback() throws {
        let r = try SiptraceBinary.run(["interfaces"])
        #expect(r.status == 0)
        let lo = try #require(r.stdout.split(separator: "\n").first { $0.hasPrefix("lo ") })
        #expect(lo.contains("up,running,loopback"))
        #expect(lo.contains("127.0.0.1"))
        let json = try SiptraceBinary.run(["interfaces", "--format", "json"])
        let list = try #require(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [[String: Any]])
        let entry = try #require(list.first { $0["name"] as? String == "lo" })
        #expect(entry["flags"] as? [String] == ["up", "running", "loopback"])
        #expect((entry["addresses"] as? [String])?.contains("127.0.0.1") == true)
    }

    @Test(arguments: [
        ["live"],
        ["live", "-i", "lo", "--duration", "5x"],
        ["live", "-i", "lo", "--duration", "0s"],
        ["live", "-i", "lo", "--count", "0"],
        ["live", "-i", "lo", "-w", "-"],
        ["live", "-i", "lo", "--format", "xml"],
        ["live", "-i", "lo", "--idle-timeout", "soon"],
    ])
    func usageErrorsExitTwo(arguments: [String]) throws {
        let r = try SiptraceBinary.run(arguments)
        #expect(r.status == 2)
        #expect(r.stdout == "")
        #expect(r.stderr.hasPrefix("siptrace: "))
        #expect(r.stderr.split(separator: "\n").count == 1)
    }
}
