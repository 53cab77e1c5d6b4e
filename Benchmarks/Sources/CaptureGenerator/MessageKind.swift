/// Every message a generated call can send.
enum MessageKind: UInt8 {
    case invite
    case trying
    case ringing
    /// 183 Session Progress with SDP: early media.
    case sessionProgress
    case okInvite
    /// ACK for a 2xx: a new transaction (RFC 3261 §13.2.2.4).
    case ackOK
    case bye
    case okBye
    case busyHere
    case gone
    case serviceUnavailable
    /// ACK for a non-2xx final: the INVITE's branch (RFC 3261 §17.1.1.3).
    case ackFailure
    case cancel
    case okCancel
    case requestTerminated

    /// Whether the caller (UAC) sends it; a BYE depends on who hangs up.
    func fromCaller(byeFromCallee: Bool) -> Bool {
        switch self {
        case .invite, .ackOK, .ackFailure, .cancel: true
        case .bye: !byeFromCallee
        case .okBye: byeFromCallee
        default: false
        }
    }
}
