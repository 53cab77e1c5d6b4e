import Calls
import Report

/// Rules on the signalling itself: unanswered INVITEs, 2xx not acknowledged,
/// retransmissions, malformed messages.
extension Checker {
    /// Every INVITE transaction got some response, if only 100 Trying: an
    /// INVITE met by silence is a dead or unreachable next hop (RFC 3261 §17.1.1.2,
    /// Timer B).
    func noUnansweredInvite(_ context: CheckContext) -> Verdict {
        var offenders: [Offender] = []
        for call in context.inviteCalls {
            for invite in call.messages where invite.message.method == "INVITE" && !invite.isRetransmission {
                let key = invite.message
                let answered = call.messages.contains {
                    $0.message.status != nil && $0.message.cseq == key.cseq
                        && (key.branch == nil || $0.message.branch == nil || $0.message.branch == key.branch)
                }
                if answered { continue }
                let copies = call.messages.filter {
                    $0.message.method == "INVITE" && $0.message.cseq == key.cseq && $0.message.branch == key.branch
                }
                offenders.append(
                    Offender(
                        callID: call.callID, frames: copies.map(\.frame),
                        detail: "INVITE (CSeq \(key.cseq?.number ?? 0)) sent \(copies.count)× without any response"))
            }
        }
        return noneAllowed(Rule.noUnansweredInvite.name, "INVITEs without any response", offenders)
    }

    /// No 2xx to an INVITE was sent again before an ACK for it was seen. The
    /// UAS resends its 2xx until the ACK arrives (RFC 3261 §13.3.1.4), so a
    /// resent 2xx means the ACK was lost, late or never sent.
    func noUnacked200(_ context: CheckContext) -> Verdict {
        var offenders: [Offender] = []
        for call in context.inviteCalls {
            var acked: Set<UInt32> = []
            var copies: [UInt32: [Int]] = [:]
            var reported: Set<UInt32> = []
            for record in call.messages {
                let m = record.message
                guard let cseq = m.cseq else { continue }
                if m.method == "ACK" {
                    acked.insert(cseq.number)
                } else if cseq.method == "INVITE", let status = m.status, (200..<300).contains(status) {
                    copies[cseq.number, default: []].append(record.frame)
                    if record.isRetransmission && !acked.contains(cseq.number) && !reported.contains(cseq.number) {
                        reported.insert(cseq.number)
                    }
                }
            }
            for number in reported.sorted() {
                let frames = copies[number] ?? []
                offenders.append(
                    Offender(
                        callID: call.callID, frames: frames,
                        detail: "2xx (CSeq \(number) INVITE) sent \(frames.count)× before any ACK"))
            }
        }
        return noneAllowed(Rule.noUnacked200.name, "2xx to INVITE resent before any ACK", offenders)
    }

    /// Retransmitted messages as a count or a share of every SIP message.
    func maxRetransmissions(_ limit: Limit, _ context: CheckContext) -> Verdict {
        let summary = context.report.summary
        let n = summary.retransmissions
        let passed = limit.allows(n, of: summary.messages)
        let offenders = context.report.calls.compactMap { call -> Offender? in
            let resent = call.messages.filter(\.isRetransmission)
            guard !resent.isEmpty else { return nil }
            // A `switch`, not a `??` chain: the 6.3 compiler crashed on that
            // chain (an ownership verifier error) once `SIPMessage` kept
            // some of its fields in a box.
            let lines = resent.map { record -> String in
                switch record.message.kind {
                case .response(let status, _): String(status)
                case .request(let method, _): method
                }
            }
            return Offender(
                callID: call.callID, frames: resent.map(\.frame),
                detail: "\(resent.count) retransmitted: " + lines.joined(separator: ", "))
        }
        return Verdict(
            rule: Rule.maxRetransmissions(limit).name, passed: passed,
            statement: "retransmissions " + Checker.share(n, of: summary.messages, limit, passed: passed),
            measured: Checker.measured(n, of: summary.messages, limit), bound: Checker.bound(limit),
            unit: Checker.unit(limit), offenders: passed ? [] : offenders)
    }

    /// No payload that began like SIP failed to parse, and no message had a
    /// problem worth telling (the analysis's `malformed` list).
    func noMalformed(_ context: CheckContext) -> Verdict {
        let offenders = context.report.malformed.map {
            Offender(callID: nil, frames: [$0.frame], detail: $0.error)
        }
        return noneAllowed(Rule.noMalformed.name, "malformed SIP messages", offenders)
    }
}
