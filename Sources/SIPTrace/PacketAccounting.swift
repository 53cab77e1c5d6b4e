/// Where every packet of a capture went: into SIP messages, or skipped for a
/// reason. Nothing is dropped without being counted here.
public struct PacketAccounting: Sendable {
    public private(set) var packets = 0
    /// Frames that gave at least one SIP message.
    public private(set) var sipFrames = 0
    public private(set) var sipMessages = 0
    public private(set) var decodeSkips: [SkipReason: Int] = [:]
    /// UDP/TCP with an empty payload (TCP handshakes and pure ACKs).
    public private(set) var noPayload = 0
    /// A payload that does not start like SIP.
    public private(set) var notSIP = 0
    /// A payload that starts like SIP but could not be read as a message.
    public private(set) var malformedSIP = 0
    /// TCP segments whose bytes wait for the rest of a message (the message is
    /// attributed to the frame that completes it, as Wireshark does).
    public private(set) var heldForReassembly = 0
    /// TCP segments of TLS connections (SIP over TLS, WSS): encrypted, unread.
    public private(set) var tls = 0
    /// HEP packets whose payload is not SIP (logs, RTCP reports).
    public private(set) var hepWithoutSIP = 0

    public init() {}

    mutating func packet() { packets += 1 }
    mutating func sipFrame(messages: Int) {
        sipFrames += 1
        sipMessages += messages
    }
    mutating func skipped(_ reason: SkipReason) { decodeSkips[reason, default: 0] += 1 }
    mutating func skippedNoPayload() { noPayload += 1 }
    mutating func skippedNotSIP() { notSIP += 1 }
    mutating func skippedMalformed() { malformedSIP += 1 }
    mutating func skippedHeld() { heldForReassembly += 1 }
    mutating func skippedTLS() { tls += 1 }
    mutating func skippedHEPWithoutSIP() { hepWithoutSIP += 1 }

    /// Skips per reason, in a fixed order, zero counts included.
    public var skippedByReason: [(reason: String, count: Int)] {
        var list = SkipReason.allCases.map { (reason: $0.rawValue, count: decodeSkips[$0] ?? 0) }
        list.append((reason: "no payload", count: noPayload))
        list.append((reason: "not SIP", count: notSIP))
        list.append((reason: "malformed SIP", count: malformedSIP))
        list.append((reason: "segment of a later message", count: heldForReassembly))
        list.append((reason: "TLS, encrypted", count: tls))
        list.append((reason: "HEP without SIP", count: hepWithoutSIP))
        return list
    }

    public var skipped: Int { packets - sipFrames }
}
