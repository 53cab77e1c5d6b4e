// 1xx: RFC 3261 §21.1, and 199 from RFC 6228.

extension Catalog {
    static let provisional: [CatalogEntry] = [
        CatalogEntry(
            code: 100, reason: "Trying", section: "21.1.1",
            meaning: "The next hop got the request and is working on it. It says nothing yet about whether the callee "
                + "exists or will answer.",
            whenYouSeeIt:
                "Within a fraction of a second of an INVITE, from the first proxy or from the callee's phone; "
                + "it stops the caller from retransmitting the INVITE. A stateful proxy never passes it on upstream, "
                + "so each hop sends its own.",
            howToFix: "Nothing is wrong when 100 arrives; worry only when it is the last thing you see. A call stuck "
                + "after 100 Trying means the request stalled further along: follow it to the next hop and look "
                + "for a timeout or a missing response there.",
            whenToUse: "a server needs a moment before it can answer and wants the previous hop to stop "
                + "retransmitting",
            facts: ResponseFacts(retry: .notApplicable, permanence: .notApplicable),
            related: [180, 183, 408]),
        CatalogEntry(
            code: 180, reason: "Ringing", section: "21.1.2",
            meaning: "The callee's device has the call and is alerting the user. The caller should now hear ringback, "
                + "played locally unless media is already coming from the far end.",
            whenYouSeeIt: "From the called phone, or from a gateway whose far side reports alerting, in answer to an "
                + "INVITE. Several 180s with different To tags mean the call forked and more than one device is "
                + "ringing.",
            howToFix: "No fault while the phone rings. If the caller hears silence instead of ringback, see whether "
                + "the 180 carried SDP: a phone that got SDP often waits for far-end audio instead of playing its "
                + "own tone, so that media path must work. If nobody answers, expect 480, 408 or 487 next.",
            whenToUse: "the callee is being alerted and nobody has answered yet",
            facts: ResponseFacts(
                dialog: .early, sdp: .earlyMedia, retry: .notApplicable, permanence: .notApplicable,
                headers: ["Contact", "Require", "RSeq", "Alert-Info"]),
            related: [183, 200, 480, 486]),
        CatalogEntry(
            code: 181, reason: "Call Is Being Forwarded", section: "21.1.3",
            meaning: "A server is sending the call on to a different destination, such as a forwarding number or "
                + "voicemail. It is progress information only.",
            whenYouSeeIt: "From a proxy, feature server or PBX that applies call forwarding to an INVITE, usually "
                + "just before the call reaches the new target. A History-Info header may show where the call was "
                + "first headed.",
            howToFix: "No action is needed; the call is still on its way. If forwarding should not have happened, "
                + "review the called user's forwarding rules on the server that sent it.",
            whenToUse: "a server forwards the call to another target itself and wants the caller to know",
            facts: ResponseFacts(
                dialog: .early, sdp: .earlyMedia, retry: .notApplicable, permanence: .notApplicable,
                headers: ["History-Info", "Contact"]),
            related: [180, 183, 302]),
        CatalogEntry(
            code: 182, reason: "Queued", section: "21.1.4",
            meaning: "The callee cannot take the call right now, so the server holds it in a queue instead of "
                + "rejecting it. A final response comes later, when the call leaves the queue.",
            whenYouSeeIt: "From call-centre platforms, ACDs and some PBXs in answer to an INVITE. The reason phrase "
                + "may give queue details, such as the number of calls ahead, and new 182s can arrive as the "
                + "position changes.",
            howToFix: "Nothing is broken while the call waits its turn. If callers wait too long, add agents or "
                + "tighten the queue limits; a caller who gives up shows as CANCEL followed by 487.",
            whenToUse: "the callee is busy but the server would rather keep the call waiting than refuse it",
            facts: ResponseFacts(
                dialog: .early, sdp: .earlyMedia, retry: .notApplicable, permanence: .notApplicable,
                headers: ["Contact"]),
            related: [180, 486, 487]),
        CatalogEntry(
            code: 183, reason: "Session Progress", section: "21.1.5",
            meaning: "The call is being set up and the far end has more to report than ringing. It is the usual way "
                + "to open early media: tones, announcements or music before the callee answers.",
            whenYouSeeIt: "In answer to an INVITE, from the callee, a PSTN gateway, or a media server playing an "
                + "announcement. It usually carries SDP and is often sent reliably (Require: 100rel with an RSeq "
                + "header), in which case the caller must send PRACK.",
            howToFix: "Nothing to fix; 183 only reports progress. If the caller hears no early audio, compare the "
                + "SDP in the 183 with the offer (codec, address, port) and check that RTP really flows from the "
                + "address it names, through any NAT or firewall.",
            whenToUse: "the far end wants to report progress other than ringing, or play tones or announcements "
                + "before the call is answered",
            facts: ResponseFacts(
                dialog: .early, sdp: .earlyMedia, retry: .notApplicable, permanence: .notApplicable,
                headers: ["Require", "RSeq", "Contact"]),
            related: [180, 199, 200]),
        CatalogEntry(
            code: 199, reason: "Early Dialog Terminated", rfc: "RFC 6228", section: "1",
            meaning: "One early dialog of a forked call has ended while the call as a whole goes on. The caller "
                + "should drop that branch's early media and keep waiting for a final answer from the others.",
            whenYouSeeIt: "From a forking proxy, or from the callee's device, after one branch of an INVITE fails "
                + "while other branches are still alive. It only goes to callers that said they support it "
                + "(Supported: 199), and it carries the To tag of the dialog that ended.",
            howToFix: "Nothing to fix; 199 keeps the caller's view of the branches accurate. If early media from the "
                + "dead branch keeps playing, make the caller release the media of the To tag the 199 names.",
            whenToUse: "one branch of a forked INVITE has failed and the caller should stop its early media while "
                + "other branches keep trying",
            facts: ResponseFacts(
                dialog: .endsEarly, retry: .notApplicable, permanence: .notApplicable,
                headers: ["Supported", "Reason"]),
            related: [180, 183, 487]),
    ]
}
