/// Streams a capture: calls start at the configured rate, each call's messages
/// go into a priority queue by time, and the earliest is written next. Only
/// calls in progress are held, so a million packets take a few megabytes.
public final class Generator {
    /// 2026-01-01T00:00:00Z, in microseconds: a fixed start, so a seed always
    /// gives the same bytes.
    public static let epoch: Int64 = 1_767_225_600_000_000

    private let options: Options
    private var random: SplitMix64
    private var builder: MessageBuilder
    private let writer: PcapWriter
    private var plans: [CallPlan?] = []
    private var freeSlots: [Int32] = []
    private var queue = EventQueue()
    private var sequence: UInt64 = 0
    private var connections: [Connection] = []
    private var message = ByteBuffer(capacity: 4096)
    private let callers: [Host]
    private let callees: [Host]
    private let outcomeTable: [Outcome]
    private var schedule: [(Int64, MessageKind, MessageKind?)] = []

    public private(set) var statistics = Statistics()

    public struct Statistics {
        public var calls = 0
        public var outcomes: [Outcome: Int] = [:]
        public var tcpCalls = 0
        public var retransmissions = 0
        public var splitSegments = 0
        public var sharedSegments = 0
        public var pureAcks = 0
        public var peakCallsInProgress = 0
    }

    public init(options: Options, writer: PcapWriter) {
        self.options = options
        self.writer = writer
        random = SplitMix64(seed: options.seed)
        builder = MessageBuilder(instance: 10_000 + Int(options.seed % 90_000))
        // sipp-like: a handful of caller and callee hosts on 5060.
        callers = (1...4).map { Host(address: 0x0A01_0000 | UInt32($0), port: 5060) }
        callees = (1...4).map { Host(address: 0x0A02_0000 | UInt32($0), port: 5060) }
        var table: [Outcome] = []
        for (outcome, weight) in options.mix { table += Array(repeating: outcome, count: weight) }
        outcomeTable = table
        for k in 0..<options.tcpConnections {
            connections.append(
                Connection(
                    client: Host(address: 0x0A01_0000 | UInt32(k % 4 + 1), port: UInt16(40_000 + k)),
                    server: Host(address: 0x0A02_0000 | UInt32(k % 4 + 1), port: 5060),
                    clientSequence: UInt32(truncatingIfNeeded: random.next()),
                    serverSequence: UInt32(truncatingIfNeeded: random.next())))
        }
    }

    public func run() {
        let interval = 1_000_000.0 / options.rate
        let callLimit = options.calls ?? Int.max
        let packetLimit = options.packets ?? Int.max
        var started = 0
        while writer.packets < packetLimit {
            let mayStart = started < callLimit && writer.packets + queue.count < packetLimit
            let nextStart = Generator.epoch + Int64((Double(started) * interval).rounded())
            if mayStart, queue.first.map({ nextStart <= $0.time }) ?? true {
                start(call: started, at: nextStart)
                started += 1
                continue
            }
            guard let event = queue.pop() else { break }
            emit(event, limit: packetLimit)
        }
    }

    // MARK: starting a call

    private func start(call number: Int, at time: Int64) {
        let outcome = outcomeTable[random.below(outcomeTable.count)]
        statistics.calls += 1
        statistics.outcomes[outcome, default: 0] += 1
        var connection: Int? = nil
        var caller = callers[number % callers.count]
        var callee = callees[(number / callers.count) % callees.count]
        if random.chance(options.tcpPercent) {
            let k = statistics.tcpCalls % connections.count
            connection = k
            caller = connections[k].client
            callee = connections[k].server
            statistics.tcpCalls += 1
        }
        let sameMedia = options.sameMediaPort
        let plan = CallPlan(
            number: number, outcome: outcome, caller: caller, callee: callee, connection: connection,
            byeFromCallee: random.chance(30),
            callerMediaPort: sameMedia ? 6000 : 10_000 + 2 * (number % 10_000),
            calleeMediaPort: sameMedia ? 6000 : 30_000 + 2 * (number % 10_000),
            remaining: 0)

        schedule.removeAll(keepingCapacity: true)
        let retransmit = random.chance(options.retransmitPercent)
        let retransmitInvite = retransmit && random.below(2) == 0
        let retransmitFinal = retransmit && !retransmitInvite
        if retransmit { statistics.retransmissions += 1 }
        // Timer A / G start at T1 = 500 ms (RFC 3261 §17.1.1.2, §17.2.1).
        let t1: Int64 = 500_000
        var t = time
        schedule.append((t, .invite, nil))
        if retransmitInvite {
            t += t1
            schedule.append((t, .invite, nil))
        }
        t += random.between(300, 2_000)
        let trying = schedule.count
        schedule.append((t, .trying, nil))
        // TCP: now and then the 100 and the 18x leave in one segment.
        let share = connection != nil && random.chance(25)
        func provisional(_ kind: MessageKind) {
            if share {
                schedule[trying].2 = kind
                statistics.sharedSegments += 1
            } else {
                t += random.between(20_000, 80_000)
                schedule.append((t, kind, nil))
            }
        }
        func final(_ kind: MessageKind) {
            schedule.append((t, kind, nil))
            if retransmitFinal {
                t += t1
                schedule.append((t, kind, nil))
            }
        }
        switch outcome {
        case .answered, .early:
            provisional(outcome == .early ? .sessionProgress : .ringing)
            t += random.between(300_000, 3_000_000)
            final(.okInvite)
            t += random.between(500, 2_000)
            schedule.append((t, .ackOK, nil))
            t +=
                1_000
                * random.between(Int64(options.holdMilliseconds.lowerBound), Int64(options.holdMilliseconds.upperBound))
            schedule.append((t, .bye, nil))
            t += random.between(500, 3_000)
            schedule.append((t, .okBye, nil))
        case .busy:
            provisional(.ringing)
            t += random.between(200_000, 2_000_000)
            final(.busyHere)
            t += random.between(500, 2_000)
            schedule.append((t, .ackFailure, nil))
        case .gone, .unavailable:
            t += random.between(2_000, 10_000)
            final(outcome == .gone ? .gone : .serviceUnavailable)
            t += random.between(500, 2_000)
            schedule.append((t, .ackFailure, nil))
        case .cancel:
            provisional(.ringing)
            t += random.between(1_000_000, 5_000_000)
            schedule.append((t, .cancel, nil))
            t += random.between(500, 2_000)
            schedule.append((t, .okCancel, nil))
            t += random.between(500, 2_000)
            final(.requestTerminated)
            t += random.between(500, 2_000)
            schedule.append((t, .ackFailure, nil))
        }

        var stored = plan
        stored.remaining = schedule.count
        let slot: Int32
        if let free = freeSlots.popLast() {
            slot = free
            plans[Int(free)] = stored
        } else {
            slot = Int32(plans.count)
            plans.append(stored)
        }
        for (time, kind, second) in schedule {
            queue.push(Event(time: time, sequence: sequence, slot: slot, kind: kind, second: second))
            sequence += 1
        }
        statistics.peakCallsInProgress = max(statistics.peakCallsInProgress, plans.count - freeSlots.count)
    }

    // MARK: writing

    private func emit(_ event: Event, limit: Int) {
        let slot = Int(event.slot)
        guard let plan = plans[slot] else { return }
        message.reset()
        builder.build(event.kind, plan, into: &message)
        if let second = event.second { builder.build(second, plan, into: &message) }
        let fromCaller = event.kind.fromCaller(byeFromCallee: plan.byeFromCallee)
        if let k = plan.connection {
            send(on: k, fromClient: fromCaller, time: event.time, limit: limit)
        } else {
            writer.udp(
                time: event.time, from: fromCaller ? plan.caller : plan.callee,
                to: fromCaller ? plan.callee : plan.caller, payload: message.bytes[...])
        }
        if plan.remaining <= 1 {
            plans[slot] = nil
            freeSlots.append(event.slot)
        } else {
            plans[slot]!.remaining -= 1
        }
    }

    /// Sends `message` on a TCP connection: opens it first if needed, sometimes
    /// splits it across two segments, sometimes lets the peer send a bare ACK.
    private func send(on k: Int, fromClient: Bool, time: Int64, limit: Int) {
        var c = connections[k]
        defer { connections[k] = c }
        if !c.opened {
            c.opened = true
            let clientISN = c.clientSequence
            let serverISN = c.serverSequence
            writer.tcp(
                time: time - 300, from: c.client, to: c.server, sequence: clientISN, acknowledgement: 0, flags: 0x02,
                payload: [])
            writer.tcp(
                time: time - 200, from: c.server, to: c.client, sequence: serverISN, acknowledgement: clientISN &+ 1,
                flags: 0x12, payload: [])
            writer.tcp(
                time: time - 100, from: c.client, to: c.server, sequence: clientISN &+ 1,
                acknowledgement: serverISN &+ 1, flags: 0x10, payload: [])
            c.clientSequence = clientISN &+ 1
            c.serverSequence = serverISN &+ 1
        }
        let from = fromClient ? c.client : c.server
        let to = fromClient ? c.server : c.client
        let bytes = message.bytes
        var pieces: [Range<Int>] = [0..<bytes.count]
        if bytes.count > 200 && random.chance(5) {
            let cut = Int(random.between(20, Int64(bytes.count - 20)))
            pieces = [0..<cut, cut..<bytes.count]
            statistics.splitSegments += 1
        }
        var at = time
        for piece in pieces where writer.packets < limit {
            let sequence = fromClient ? c.clientSequence : c.serverSequence
            let acknowledgement = fromClient ? c.serverSequence : c.clientSequence
            writer.tcp(
                time: at, from: from, to: to, sequence: sequence, acknowledgement: acknowledgement, flags: 0x18,
                payload: bytes[piece])
            if fromClient {
                c.clientSequence &+= UInt32(piece.count)
            } else {
                c.serverSequence &+= UInt32(piece.count)
            }
            at += 1
        }
        if writer.packets < limit && random.chance(30) {
            let sequence = fromClient ? c.serverSequence : c.clientSequence
            let acknowledgement = fromClient ? c.clientSequence : c.serverSequence
            writer.tcp(
                time: at + 30, from: to, to: from, sequence: sequence, acknowledgement: acknowledgement, flags: 0x10,
                payload: [])
            statistics.pureAcks += 1
        }
    }
}

extension Generator {
    /// Writes `options.output` in one go and returns the statistics: what the
    /// benchmarks call to make their input.
    public static func write(
        _ options: Options
    ) throws(GeneratorError) -> (packets: Int, bytes: Int, statistics: Statistics) {
        guard let output = options.output else { throw GeneratorError("no output file") }
        let writer = try PcapWriter(path: output)
        let generator = Generator(options: options, writer: writer)
        generator.run()
        try writer.close()
        return (writer.packets, writer.bytes, generator.statistics)
    }
}
