import Calls

/// Where in the capture a call shows what a rule is about: the frames a
/// failure report points the reader to.
extension Call {
    /// The frame of the final response that decided the outcome.
    var finalFrame: Int? {
        guard let status = finalStatus else { return nil }
        return messages.first { $0.message.status == status && $0.message.cseq?.method == method }?.frame
    }

    /// How the call ended, in words: `486 Busy Here`, `incomplete, no final response`.
    var ending: String {
        guard let status = finalStatus else {
            return outcome == .cancelled ? "cancelled, no final response" : "no final response"
        }
        let reason = finalReason.map { " " + $0 } ?? ""
        return "final \(status)\(reason)"
    }

    /// The responses to the call's request (its INVITEs for a call), in order,
    /// retransmissions left out.
    var responseRecords: [MessageRecord] {
        messages.filter { $0.message.status != nil && $0.message.cseq?.method == method && !$0.isRetransmission }
    }

    var responseCodes: [Int] { responseRecords.compactMap(\.message.status) }
    var responseFrames: [Int] { responseRecords.map(\.frame) }

    /// Frames of the provisional responses (1xx) to the INVITE.
    var provisionalFrames: [Int] {
        responseRecords.filter { ($0.message.status ?? 0) < 200 }.map(\.frame)
    }

    /// The two frames a timing is measured between: INVITE and first 18x (PDD),
    /// INVITE and 2xx (setup), 2xx and BYE (duration).
    func frames(of metric: TimingRule.Metric) -> [Int] {
        let invite = messages.first { $0.message.method == "INVITE" }?.frame
        let ringing = responseRecords.first { (180..<200).contains($0.message.status ?? 0) }?.frame
        let answer = responseRecords.first { (200..<300).contains($0.message.status ?? 0) }?.frame
        let bye = messages.first { $0.message.method == "BYE" }?.frame
        switch metric {
        case .pdd: return [invite, ringing].compactMap { $0 }
        case .setup: return [invite, answer].compactMap { $0 }
        case .duration: return [answer, bye].compactMap { $0 }
        }
    }
}
