import SIP

/// Works out the dialogs of an INVITE call from its messages in capture order.
///
/// Transactions are matched by top Via branch and CSeq (RFC 3261 §17.1.3,
/// §17.2.3); responses to the initial INVITE create early dialogs by To tag
/// (§12.1), an ACK with the dialog's tags establishes it, and requests carrying
/// both tags belong to the dialog whichever side sends them (§12.2).
/// Retransmissions and copies of a message seen on another hop are marked as
/// events and never change a stage.
struct DialogAnalysis<Tag: Equatable> {
    private(set) var dialogs: [Dialog] = []
    /// Each dialog's To and From tags as the messages give them (see
    /// `DialogInput.Tag`), index for index with `dialogs`: messages are
    /// matched to dialogs by these, no string made.
    private var keys: [(to: Tag?, from: Tag?)] = []
    private var sawTrying = false
    private var holding: [String: Bool] = [:]
    private var lastCodecs: [String: [String]] = [:]
    /// Copies seen before the first dialog existed.
    private var waiting: [DialogEvent] = []
    /// The first 2xx to the initial INVITE, if any (its index).
    private var answeredBy: Int? = nil

    /// Generic over what is kept of a message (`DialogInput`): a report's
    /// records, or a streamed call's `StreamedMessage`s (`StreamedInputs`),
    /// read by the same code, so a call's dialogs cannot depend on which the
    /// output kept.
    init<C: RandomAccessCollection>(messages: C) where C.Element: DialogInput, C.Element.Tag == Tag, C.Index == Int {
        // By index, reading fields in place: iterating or filtering the array
        // copied every record, retaining each of its strings, twice per call.
        // The initial INVITEs' CSeq numbers: one or two (a challenge).
        var initialNumbers = CSeqNumbers()
        var cancelled = false
        // Methods compared as codes (exact, as the names are): making a
        // streamed message's name looked it up in a table, and the compiler
        // copied the whole message around each lookup.
        for i in messages.indices {
            let method = messages[i].requestCode
            if method == .invite, messages[i].toTagKey == nil, let number = messages[i].cseqSequence {
                initialNumbers.insert(number)
            }
            if method == .cancel { cancelled = true }
        }
        for i in messages.indices {
            // Each record is passed borrowed from the array: a copy would
            // retain each of its strings.
            if messages[i].isRetransmission || messages[i].isOtherHop {
                note(
                    messages, i, kind: messages[i].isRetransmission ? "retransmission" : "other-hop",
                    detail: messages[i].summaryText)
                continue
            }
            guard let number = messages[i].cseqSequence else { continue }
            if let status = messages[i].responseStatus {
                if messages[i].cseqCode == .invite && initialNumbers.contains(number) {
                    initialResponse(messages, i, status: status, cancelled: cancelled)
                } else {
                    inDialogResponse(messages, i, status: status, method: messages[i].cseqValue!.method)
                }
            } else if messages[i].requestCode != .none {
                request(messages, i, method: messages[i].requestCode, initial: initialNumbers.contains(number))
            }
        }
        // Forks left early when another fork answered end there (RFC 3261 §13.2.2.4).
        if let answer = answeredBy {
            for j in dialogs.indices
            where keys[j].to != nil && [.trying, .ringing, .earlyMedia].contains(dialogs[j].state) {
                let tag = messages[answer].toTagKey.map { messages[answer].tagString($0) } ?? "-"
                dialogs[j].events.append(event(messages[answer], "ended-by-other-fork", "tag \(tag) answered"))
                dialogs[j].enter(.terminated)
            }
        }
        if dialogs.isEmpty {
            let from = messages.first?.fromTagKey
            var only =
                messages.isEmpty ? Dialog(toTag: nil, fromTag: nil) : messages[0].dialog(toTag: nil, fromTag: from)
            only.enter(.trying)
            dialogs.append(only)
            keys.append((nil, from))
        }
        if !waiting.isEmpty {
            dialogs[0].events = (waiting + dialogs[0].events).sorted { $0.frame < $1.frame }
        }
    }

    /// Responses to the initial INVITE: early dialogs, forks, answer, failure.
    private mutating func initialResponse<C: RandomAccessCollection>(
        _ messages: C, _ at: Int, status: Int, cancelled: Bool
    ) where C.Element: DialogInput, C.Element.Tag == Tag, C.Index == Int {
        let tag = messages[at].toTagKey
        if status == 100 {
            sawTrying = true
            return
        }
        if status >= 300 {
            // A final failure ends every early dialog of the INVITE (§13.2.2.3).
            let stage: DialogStage = (cancelled && status == 487) ? .cancelled : .failed
            if dialogs.isEmpty { _ = dialogIndex(tag: tag, from: messages[at].fromTagKey, messages, at) }
            for i in dialogs.indices where dialogs[i].state != .terminated {
                dialogs[i].enter(stage)
            }
            return
        }
        let i = dialogIndex(tag: tag, from: messages[at].fromTagKey, messages, at)
        if status < 200 {
            if status == 199 {
                dialogs[i].events.append(event(messages[at], "early-dialog-terminated", "199 Early Dialog Terminated"))
                dialogs[i].enter(.terminated)
            } else if dialogs[i].state == .trying || dialogs[i].state == .ringing || dialogs[i].state == .earlyMedia {
                dialogs[i].enter(messages[at].bodyIsSDP ? .earlyMedia : .ringing)
            }
            if let rseq = messages[at].rseqValue {
                dialogs[i].events.append(event(messages[at], "reliable-provisional", "\(status) with RSeq \(rseq)"))
            }
            return
        }
        // 2xx: this fork is answered. Several 2xx from different forks are all
        // kept; early dialogs that never got one end with the call (see `init`).
        dialogs[i].enter(.confirmed)
        answeredBy = answeredBy ?? at
    }

    private mutating func request<C: RandomAccessCollection>(
        _ messages: C, _ at: Int, method: MethodCode, initial: Bool
    ) where C.Element: DialogInput, C.Element.Tag == Tag, C.Index == Int {
        if method == .invite && initial { return }
        if method == .cancel {
            for i in dialogs.indices {
                dialogs[i].events.append(event(messages[at], "cancel", messages[at].cseqValue?.description ?? ""))
            }
            return
        }
        guard let i = existingDialog(from: messages[at].fromTagKey, to: messages[at].toTagKey) else { return }
        switch method {
        case .ack:
            if dialogs[i].state == .confirmed { dialogs[i].enter(.established) }
        case .bye:
            dialogs[i].enter(.terminating)
        case .invite:
            dialogs[i].events.append(event(messages[at], "re-INVITE", messages[at].cseqValue?.description ?? ""))
            mediaChange(messages, at, dialog: i)
        case .update:
            dialogs[i].events.append(event(messages[at], "UPDATE", messages[at].cseqValue?.description ?? ""))
            mediaChange(messages, at, dialog: i)
        case .notify where messages[at].sipfragLine != nil:
            // RFC 3515 §2.4.5: the transferee reports how its new request fares.
            dialogs[i].events.append(event(messages[at], "refer-progress", messages[at].sipfragLine!))
        default:
            let name = messages[at].requestMethod ?? ""
            var detail = messages[at].cseqValue?.description ?? ""
            if method == .refer, let target = messages[at].referTarget { detail += " to " + target }
            dialogs[i].events.append(event(messages[at], name, detail))
        }
    }

    private mutating func inDialogResponse<C: RandomAccessCollection>(
        _ messages: C, _ at: Int, status: Int, method: String
    ) where C.Element: DialogInput, C.Element.Tag == Tag, C.Index == Int {
        guard let i = existingDialog(from: messages[at].fromTagKey, to: messages[at].toTagKey) else { return }
        if method == "BYE" && status >= 200 {
            dialogs[i].enter(.terminated)
        } else if status == 422 {
            let minSE = messages[at].minSEValue.map { " (Min-SE \($0))" } ?? ""
            dialogs[i].events.append(event(messages[at], "session-interval-too-small", "422 to \(method)\(minSE)"))
        } else if (method == "INVITE" || method == "UPDATE") && (200..<300).contains(status) {
            if let expires = messages[at].sessionExpiresValue {
                dialogs[i].events.append(event(messages[at], "session-refresh", "Session-Expires \(expires)"))
            }
        } else if status >= 300 && method == "INVITE" {
            dialogs[i].events.append(event(messages[at], "re-INVITE-rejected", messages[at].summaryText))
        }
    }

    /// Hold and resume from the direction of an offer in a re-INVITE or UPDATE
    /// (RFC 3264 §8.4: sendonly or inactive puts the other side on hold), codec
    /// changes from the offered payload list. Answers are not looked at: a
    /// recvonly answer confirms a hold, it does not resume.
    private mutating func mediaChange<C: RandomAccessCollection>(
        _ messages: C, _ at: Int, dialog i: Int
    ) where C.Element: DialogInput, C.Element.Tag == Tag, C.Index == Int {
        guard let audio = messages[at].offeredMedia else { return }
        // The dialog's To tag as a string (its own tags are read from the
        // call's text only once the analysis is done).
        let key = keys[i].to.map { messages[at].tagString($0) } ?? ""
        let onHold =
            audio.direction == .sendonly || audio.direction == .inactive || audio.connectionAddress == "0.0.0.0"
        let wasHolding = holding[key] ?? false
        if onHold && !wasHolding {
            dialogs[i].events.append(event(messages[at], "hold", "a=\(audio.direction.rawValue)"))
        } else if !onHold && wasHolding {
            dialogs[i].events.append(event(messages[at], "resume", "a=\(audio.direction.rawValue)"))
        }
        holding[key] = onHold
        if let previous = lastCodecs[key], previous != audio.codecs, !audio.codecs.isEmpty {
            dialogs[i].events.append(event(messages[at], "codec-change", audio.codecs.joined(separator: ",")))
        }
        if !audio.codecs.isEmpty { lastCodecs[key] = audio.codecs }
    }

    /// The dialog a request or response with both tags belongs to: its tags
    /// match the dialog's, in either order (the callee may send the BYE).
    /// (The tags are compared one by one, not gathered in an array: this runs
    /// for most messages of every call, and the array was an allocation.)
    private func existingDialog(from: Tag?, to: Tag?) -> Int? {
        for i in keys.indices {
            let toTag = keys[i].to
            guard toTag != nil, toTag == from || toTag == to else { continue }
            let fromTag = keys[i].from
            if fromTag == nil || fromTag == from || fromTag == to { return i }
        }
        return dialogs.count == 1 ? 0 : nil
    }

    private mutating func dialogIndex<C: RandomAccessCollection>(
        tag: Tag?, from: Tag?, _ messages: C, _ at: Int
    ) -> Int where C.Element: DialogInput, C.Element.Tag == Tag, C.Index == Int {
        if let i = keys.firstIndex(where: { $0.to == tag }) { return i }
        // A response without a tag (rare) attaches to the tagless dialog.
        var dialog = messages[at].dialog(toTag: tag, fromTag: from)
        dialog.enter(.trying)
        if !sawTrying { dialog.path.removeAll(keepingCapacity: true) }
        if keys.contains(where: { $0.to != nil }), let tag {
            let name = messages[at].tagString(tag)
            dialog.events.append(event(messages[at], "fork", "another dialog under this Call-ID, tag \(name)"))
        }
        dialogs.append(dialog)
        keys.append((tag, from))
        return dialogs.count - 1
    }

    /// Records a retransmission or another hop's copy on its dialog. A copy seen
    /// before any dialog exists (INVITE retransmissions before the first
    /// response) waits and goes to the first dialog once there is one.
    private mutating func note<C: RandomAccessCollection>(
        _ messages: C, _ at: Int, kind: String, detail: String
    ) where C.Element: DialogInput, C.Element.Tag == Tag, C.Index == Int {
        let from = messages[at].fromTagKey
        let to = messages[at].toTagKey
        if let i = keys.firstIndex(where: { $0.to != nil && ($0.to == from || $0.to == to) })
            ?? (dialogs.isEmpty ? nil : 0)
        {
            dialogs[i].events.append(event(messages[at], kind, detail))
        } else {
            waiting.append(event(messages[at], kind, detail))
        }
    }

    private func event<M: DialogInput>(_ message: borrowing M, _ kind: String, _ detail: String) -> DialogEvent {
        DialogEvent(frame: message.frame, timestamp: message.timestamp, kind: kind, detail: detail)
    }

}
