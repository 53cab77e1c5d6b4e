import Benchmark
import SIPTrace

/// Stage-level figures for issue 8: time and mallocs per packet for decode, SIP
/// parse, the owned `SIPMessage` copy, the whole per-packet pipeline, and a
/// whole-file `--summary` analysis. The stage benchmarks run 1,000 packets per
/// iteration with `scalingFactor: .kilo`, so their table reads per packet.
let benchmarks: @Sendable () -> Void = {
    let perPacket = Benchmark.Configuration(
        metrics: [.wallClock, .throughput, .mallocCountTotal],
        warmupIterations: 3,
        scalingFactor: .kilo,
        maxDuration: .seconds(3),
        maxIterations: 1_000,
        setup: { _ = Corpus.shared }
    )

    // (d) and (d'): the pipeline fed in order, per packet.
    let steadyState = Benchmark.Configuration(
        metrics: [.wallClock, .throughput, .mallocCountTotal],
        warmupIterations: 5,
        scalingFactor: .kilo,
        maxDuration: .seconds(10),
        maxIterations: Corpus.packetCount / Corpus.window - 10,
        setup: { _ = Corpus.shared }
    )

    // (a) Link, IP and transport decode only.
    Benchmark("decode", configuration: perPacket) { benchmark in
        let corpus = Corpus.shared
        let decoder = PacketDecoder()
        let window = corpus.window
        corpus.storage.withUnsafeBytes { raw in
            for i in benchmark.scaledIterations {
                let packet = corpus.packets[window.lowerBound + i]
                blackHole(
                    decoder.decode(
                        linkType: corpus.linkType, bytes: UnsafeRawBufferPointer(rebasing: raw[packet.bytes])))
            }
        }
    }

    // (b) SIP parse of a UDP message: the in-place view, no owned copy.
    Benchmark("SIP parse (view)", configuration: perPacket) { benchmark in
        let corpus = Corpus.shared
        var parser = SIPParser()
        corpus.storage.withUnsafeBytes { raw in
            for i in benchmark.scaledIterations {
                let payload = UnsafeRawBufferPointer(rebasing: raw[corpus.udpPayloads[i % corpus.udpPayloads.count]])
                if case .message(let view, _) = parser.parse(payload, stream: false) {
                    blackHole(view.headers.count)
                }
            }
        }
    }

    // (c) The same parse plus `SIPMessage(view)`, the owned copy the call
    // tracker keeps; (c) − (b) is the copy's cost.
    Benchmark("SIP parse + SIPMessage(view)", configuration: perPacket) { benchmark in
        let corpus = Corpus.shared
        var parser = SIPParser()
        corpus.storage.withUnsafeBytes { raw in
            for i in benchmark.scaledIterations {
                let payload = UnsafeRawBufferPointer(rebasing: raw[corpus.udpPayloads[i % corpus.udpPayloads.count]])
                if case .message(let view, _) = parser.parse(payload, stream: false) {
                    blackHole(SIPMessage(view))
                }
            }
        }
    }

    // (c') The same parse plus `MessageFacts(view)`: what the summary keeps
    // of a message instead of the owned copy.
    Benchmark("SIP parse + MessageFacts(view)", configuration: perPacket) { benchmark in
        let corpus = Corpus.shared
        var parser = SIPParser()
        corpus.storage.withUnsafeBytes { raw in
            for i in benchmark.scaledIterations {
                let payload = UnsafeRawBufferPointer(rebasing: raw[corpus.udpPayloads[i % corpus.udpPayloads.count]])
                if case .message(let view, _) = parser.parse(payload, stream: false) {
                    blackHole(MessageFacts(view))
                }
            }
        }
    }

    // (d) `Pipeline.ingest` end to end, in steady state: one pipeline fed the
    // in-memory capture in order, 1,000 packets per iteration, set up and
    // expiring ended calls once per second of capture time as `analyze
    // --summary` does (`Pipeline.countOnly`). Its mallocs are per call (a
    // call's Call-ID and message list), never per message.
    Benchmark(
        "Pipeline.ingest (steady state)",
        configuration: steadyState
    ) { benchmark in
        let corpus = Corpus.shared
        let feed = SteadyFeed.summary
        corpus.storage.withUnsafeBytes { raw in
            for _ in benchmark.scaledIterations {
                feed.next(corpus, raw)
            }
        }
    }

    // (d') The same for `--format ndjson`: calls streamed out as they end,
    // each message's JSON written as it is read and kept, with a few fields
    // (`StreamedMessage`), while its call is live.
    Benchmark(
        "Pipeline.ingest, streaming calls (steady state)",
        configuration: steadyState
    ) { benchmark in
        let corpus = Corpus.shared
        let feed = SteadyFeed.streaming
        corpus.storage.withUnsafeBytes { raw in
            for _ in benchmark.scaledIterations {
                feed.next(corpus, raw)
            }
        }
    }

    // (e) The whole `--summary` analysis of the 100k-packet file, from disk,
    // as the command runs it (calls tracked on a second thread), and (e') on
    // one thread: the difference is what the hand-over buys.
    for secondThread in [true, false] {
        Benchmark(
            secondThread
                ? "Analyzer.analyze --summary (100k packets)"
                : "Analyzer.analyze --summary, one thread (100k packets)",
            configuration: .init(
                metrics: [.wallClock, .cpuUser, .mallocCountTotal, .peakMemoryResident],
                warmupIterations: 1,
                scalingFactor: .one,
                maxDuration: .seconds(20),
                maxIterations: 5,
                setup: { _ = Corpus.shared }
            )
        ) { benchmark in
            var analyzer = Analyzer()
            analyzer.retainCalls = false
            analyzer.dialogs = false
            analyzer.countsOnly = true
            analyzer.trackOnSecondThread = secondThread
            var calls = 0
            let report = try analyzer.analyze(path: Corpus.shared.path) { _ in calls += 1 }
            blackHole(report.summary.messages + calls)
        }
    }
}

/// The pipeline that (d) and (d') keep between iterations: it goes through
/// the capture once, in order, then starts again with a fresh pipeline.
final class SteadyFeed: @unchecked Sendable {
    // SAFETY: package-benchmark runs a benchmark's iterations one after another
    // on one thread; nothing else touches these.
    static let summary = SteadyFeed(countOnly: true)
    static let streaming = SteadyFeed(countOnly: false)

    private let countOnly: Bool
    private var pipeline: Pipeline
    private var index = 0
    private var nextExpiry: Int64 = .min
    /// The analyzer's own expiry settings, so this follows `analyze --summary`.
    private let linger = Analyzer().linger
    private let idleTimeout = Analyzer().idleTimeout

    init(countOnly: Bool) {
        self.countOnly = countOnly
        pipeline = SteadyFeed.make(countOnly: countOnly)
    }

    /// A pipeline set up as `Analyzer` sets it up for `--summary` or ndjson.
    static func make(countOnly: Bool) -> Pipeline {
        var pipeline = Pipeline()
        if countOnly { pipeline.countOnly() } else { pipeline.streamMessageJSON() }
        return pipeline
    }

    func next(_ corpus: Corpus, _ raw: UnsafeRawBufferPointer) {
        if index == corpus.packets.count {
            pipeline = SteadyFeed.make(countOnly: countOnly)
            index = 0
            nextExpiry = .min
        }
        let packet = corpus.packets[index]
        index += 1
        pipeline.ingest(
            frame: packet.frame, timestamp: packet.timestamp, linkType: corpus.linkType,
            bytes: UnsafeRawBufferPointer(rebasing: raw[packet.bytes]))
        if packet.timestamp >= nextExpiry {
            blackHole(pipeline.expireCalls(now: packet.timestamp, linger: linger, idleTimeout: idleTimeout).count)
            nextExpiry = packet.timestamp + 1_000_000_000
        }
    }
}
