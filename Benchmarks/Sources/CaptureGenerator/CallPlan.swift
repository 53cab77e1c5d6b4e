/// A call in progress: everything its messages are built from. Derived from
/// the call number and the random stream when the call starts; freed when its
/// last message is written.
struct CallPlan {
    var number: Int
    var outcome: Outcome
    var caller: Host
    var callee: Host
    /// The TCP connection it runs over, or nil for UDP.
    var connection: Int?
    var byeFromCallee: Bool
    var callerMediaPort: Int
    var calleeMediaPort: Int
    /// Events still to be written; the slot is freed at zero.
    var remaining: Int
}

/// An IPv4 address and port, with its dotted text ready to copy into headers.
struct Host {
    var address: UInt32
    var port: UInt16
    var text: [UInt8]

    init(address: UInt32, port: UInt16) {
        self.address = address
        self.port = port
        text = Array(
            "\(address >> 24).\((address >> 16) & 0xFF).\((address >> 8) & 0xFF).\(address & 0xFF)".utf8)
    }
}

/// A long-lived TCP connection between a caller host and a callee host.
struct Connection {
    var client: Host
    var server: Host
    /// Next sequence number each side sends.
    var clientSequence: UInt32
    var serverSequence: UInt32
    var opened = false
}
