/// Writes the SIP text of one message of a call, sipp-like: the headers sipp's
/// built-in uac/uas scenarios send, plus what real user agents add (User-Agent,
/// Allow, Supported, Server) and a realistic SDP offer and answer.
struct MessageBuilder {
    /// Stands in for sipp's process id in tags, branches and Call-IDs.
    let instance: Int
    var sdp = ByteBuffer(capacity: 512)

    init(instance: Int) { self.instance = instance }

    mutating func build(_ kind: MessageKind, _ call: CallPlan, into out: inout ByteBuffer) {
        switch kind {
        case .invite:
            request(.invite, call, &out)
        case .ackOK:
            request(.ackOK, call, &out)
        case .ackFailure:
            request(.ackFailure, call, &out)
        case .cancel:
            request(.cancel, call, &out)
        case .bye:
            request(.bye, call, &out)
        case .trying:
            response(100, "Trying", kind, call, &out)
        case .ringing:
            response(180, "Ringing", kind, call, &out)
        case .sessionProgress:
            response(183, "Session Progress", kind, call, &out)
        case .okInvite, .okBye, .okCancel:
            response(200, "OK", kind, call, &out)
        case .busyHere:
            response(486, "Busy Here", kind, call, &out)
        case .gone:
            response(410, "Gone", kind, call, &out)
        case .serviceUnavailable:
            response(503, "Service Unavailable", kind, call, &out)
        case .requestTerminated:
            response(487, "Request Terminated", kind, call, &out)
        }
    }

    // MARK: requests

    private mutating func request(_ kind: MessageKind, _ call: CallPlan, _ out: inout ByteBuffer) {
        let fromCallee = kind == .bye && call.byeFromCallee
        // Request-URI: the callee's AOR for the initial INVITE and its CANCEL and
        // non-2xx ACK (§17.1.1.3), the remote Contact inside the dialog (§12.2.1.1).
        switch kind {
        case .invite: out.put("INVITE ")
        case .ackOK, .ackFailure: out.put("ACK ")
        case .cancel: out.put("CANCEL ")
        default: out.put("BYE ")
        }
        if fromCallee {
            out.put("sip:")
            callerUser(call, &out)
            out.put("@")
            hostPort(call.caller, &out)
            transportParameter(call, &out)
        } else {
            out.put("sip:")
            calleeUser(call, &out)
            out.put("@")
            hostPort(call.callee, &out)
            if kind == .ackOK || kind == .bye { transportParameter(call, &out) }
        }
        out.put(" SIP/2.0\r\n")
        // Via: a new branch per transaction; CANCEL and a non-2xx ACK reuse the INVITE's.
        let branch: Int
        switch kind {
        case .invite, .cancel, .ackFailure: branch = 0
        case .ackOK: branch = 1
        default: branch = fromCallee ? 5 : 2
        }
        via(fromCallee ? call.callee : call.caller, branch: branch, call, &out)
        out.put("Max-Forwards: 70\r\n")
        if fromCallee {
            calleeFromTo(call, header: "From: ", &out)
            callerFromTo(call, header: "To: ", &out)
        } else {
            callerFromTo(call, header: "From: ", &out)
            if kind == .invite || kind == .cancel {
                out.put("To: ")
                calleeNameAddr(call, &out)
                out.put("\r\n")
            } else {
                calleeFromTo(call, header: "To: ", &out)
            }
        }
        callID(call, &out)
        out.put("CSeq: ")
        switch kind {
        case .invite: out.put("1 INVITE\r\n")
        case .ackOK, .ackFailure: out.put("1 ACK\r\n")
        case .cancel: out.put("1 CANCEL\r\n")
        default: out.put(fromCallee ? "1 BYE\r\n" : "2 BYE\r\n")
        }
        if kind == .invite {
            out.put("Contact: <sip:")
            callerUser(call, &out)
            out.put("@")
            hostPort(call.caller, &out)
            transportParameter(call, &out)
            out.put(">\r\n")
            out.put("User-Agent: capgen-uac/1.0 (sipp-like)\r\n")
            out.put("Allow: INVITE, ACK, BYE, CANCEL, OPTIONS, INFO, UPDATE\r\n")
            out.put("Supported: replaces, 100rel\r\n")
            out.put("Subject: Performance Test\r\n")
            offer(call, &out)
        } else {
            out.put(
                fromCallee ? "User-Agent: capgen-uas/1.0 (sipp-like)\r\n" : "User-Agent: capgen-uac/1.0 (sipp-like)\r\n"
            )
            if kind == .bye {
                out.put("Reason: Q.850;cause=16;text=\"Normal call clearing\"\r\n")
            }
            out.put("Content-Length: 0\r\n\r\n")
        }
    }

    // MARK: responses

    private mutating func response(
        _ status: Int, _ reason: StaticString, _ kind: MessageKind, _ call: CallPlan, _ out: inout ByteBuffer
    ) {
        out.put("SIP/2.0 ")
        out.put(status)
        out.put(" ")
        out.put(reason)
        out.put("\r\n")
        let toBye = kind == .okBye
        let calleeHungUp = toBye && call.byeFromCallee
        // A response copies the request's Via, From, To (adding a To tag), Call-ID
        // and CSeq (RFC 3261 §8.2.6.2).
        if calleeHungUp {
            via(call.callee, branch: 5, call, &out)
            calleeFromTo(call, header: "From: ", &out)
            callerFromTo(call, header: "To: ", &out)
        } else {
            via(call.caller, branch: toBye ? 2 : 0, call, &out)
            callerFromTo(call, header: "From: ", &out)
            if status == 100 {
                out.put("To: ")
                calleeNameAddr(call, &out)
                out.put("\r\n")
            } else {
                calleeFromTo(call, header: "To: ", &out)
            }
        }
        callID(call, &out)
        out.put("CSeq: ")
        switch kind {
        case .okBye: out.put(calleeHungUp ? "1 BYE\r\n" : "2 BYE\r\n")
        case .okCancel: out.put("1 CANCEL\r\n")
        default: out.put("1 INVITE\r\n")
        }
        let establishing = kind == .ringing || kind == .sessionProgress || kind == .okInvite
        if establishing {
            out.put("Contact: <sip:")
            calleeUser(call, &out)
            out.put("@")
            hostPort(call.callee, &out)
            transportParameter(call, &out)
            out.put(">\r\n")
        }
        if status != 100 {
            out.put(calleeHungUp ? "Server: capgen-uac/1.0 (sipp-like)\r\n" : "Server: capgen-uas/1.0 (sipp-like)\r\n")
        }
        if kind == .okInvite {
            out.put("Allow: INVITE, ACK, BYE, CANCEL, OPTIONS, INFO, UPDATE\r\n")
            out.put("Supported: replaces\r\n")
        }
        if kind == .serviceUnavailable { out.put("Retry-After: 120\r\n") }
        if kind == .sessionProgress || kind == .okInvite {
            answer(call, &out)
        } else {
            out.put("Content-Length: 0\r\n\r\n")
        }
    }

    // MARK: bodies

    /// Content-Type, Content-Length, the blank line and the SDP offer.
    private mutating func offer(_ call: CallPlan, _ out: inout ByteBuffer) {
        sdp.reset()
        sdp.put("v=0\r\no=capgen ")
        sdp.put(53_655_765 + call.number)
        sdp.put(" 2353687637 IN IP4 ")
        sdp.put(call.caller.text)
        sdp.put("\r\ns=capgen\r\nc=IN IP4 ")
        sdp.put(call.caller.text)
        sdp.put("\r\nt=0 0\r\nm=audio ")
        sdp.put(call.callerMediaPort)
        sdp.put(" RTP/AVP 0 8 101\r\na=rtpmap:0 PCMU/8000\r\na=rtpmap:8 PCMA/8000\r\n")
        sdp.put("a=rtpmap:101 telephone-event/8000\r\na=fmtp:101 0-15\r\na=ptime:20\r\na=sendrecv\r\n")
        body(&out)
    }

    private mutating func answer(_ call: CallPlan, _ out: inout ByteBuffer) {
        sdp.reset()
        sdp.put("v=0\r\no=capgen-uas ")
        sdp.put(83_112_000 + call.number)
        sdp.put(" 1 IN IP4 ")
        sdp.put(call.callee.text)
        sdp.put("\r\ns=capgen\r\nc=IN IP4 ")
        sdp.put(call.callee.text)
        sdp.put("\r\nt=0 0\r\nm=audio ")
        sdp.put(call.calleeMediaPort)
        sdp.put(" RTP/AVP 0 101\r\na=rtpmap:0 PCMU/8000\r\na=rtpmap:101 telephone-event/8000\r\n")
        sdp.put("a=fmtp:101 0-15\r\na=ptime:20\r\na=sendrecv\r\n")
        body(&out)
    }

    private func body(_ out: inout ByteBuffer) {
        out.put("Content-Type: application/sdp\r\nContent-Length: ")
        out.put(sdp.count)
        out.put("\r\n\r\n")
        out.put(sdp.bytes)
    }

    // MARK: header pieces

    private func via(_ host: Host, branch: Int, _ call: CallPlan, _ out: inout ByteBuffer) {
        out.put(call.connection == nil ? "Via: SIP/2.0/UDP " : "Via: SIP/2.0/TCP ")
        hostPort(host, &out)
        out.put(";branch=z9hG4bK-")
        out.put(instance)
        out.put("-")
        out.put(call.number)
        out.put("-")
        out.put(branch)
        out.put(";rport\r\n")
    }

    private func callerFromTo(_ call: CallPlan, header: StaticString, _ out: inout ByteBuffer) {
        out.put(header)
        out.put("\"Caller ")
        out.put(call.number % 1000)
        out.put("\" <sip:")
        callerUser(call, &out)
        out.put("@")
        hostPort(call.caller, &out)
        out.put(">;tag=")
        out.put(instance)
        out.put("SIPpTag00")
        out.put(call.number)
        out.put("\r\n")
    }

    private func calleeFromTo(_ call: CallPlan, header: StaticString, _ out: inout ByteBuffer) {
        out.put(header)
        calleeNameAddr(call, &out)
        out.put(";tag=")
        out.put(instance)
        out.put("SIPpTag01")
        out.put(call.number)
        out.put("\r\n")
    }

    private func calleeNameAddr(_ call: CallPlan, _ out: inout ByteBuffer) {
        out.put("<sip:")
        calleeUser(call, &out)
        out.put("@")
        hostPort(call.callee, &out)
        out.put(">")
    }

    private func callID(_ call: CallPlan, _ out: inout ByteBuffer) {
        out.put("Call-ID: ")
        out.put(call.number)
        out.put("-")
        out.put(instance)
        out.put("@")
        out.put(call.caller.text)
        out.put("\r\n")
    }

    private func callerUser(_ call: CallPlan, _ out: inout ByteBuffer) {
        out.put("+1555")
        out.put(call.number % 10_000_000, width: 7)
    }

    private func calleeUser(_ call: CallPlan, _ out: inout ByteBuffer) {
        out.put("+1666")
        out.put((call.number &* 7919) % 10_000_000, width: 7)
    }

    private func hostPort(_ host: Host, _ out: inout ByteBuffer) {
        out.put(host.text)
        out.put(":")
        out.put(Int(host.port))
    }

    private func transportParameter(_ call: CallPlan, _ out: inout ByteBuffer) {
        if call.connection != nil { out.put(";transport=tcp") }
    }
}
