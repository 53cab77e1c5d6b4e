// 6xx: RFC 3261 §21.6, 607 from RFC 8197 and 608 from RFC 8688.

extension Catalog {
    static let globalFailure: [CatalogEntry] = [
        CatalogEntry(
            code: 600, reason: "Busy Everywhere", section: "21.6.1",
            meaning: "The callee was reached and is busy, and no other location of theirs will take the call either. "
                + "Unlike 486, it rules out every device of the user.",
            whenYouSeeIt: "From a callee or service that knows all of the user's devices, such as a single-line user "
                + "without voicemail, or from gateways that map a busy signal to it. A forking proxy that gets 600 "
                + "cancels its other branches.",
            howToFix: "Nothing to repair when the callee really is busy; call again later, at the time in Retry-After "
                + "if one is given. If 600 shows up where 486 was expected, change the endpoint or gateway setting "
                + "that maps busy to 600, since it keeps other devices and voicemail from getting the call.",
            whenToUse: "the callee is busy and knows that no other device of theirs could take the call",
            facts: ResponseFacts(retry: .later, permanence: .temporary, headers: ["Retry-After"]),
            related: [486, 603]),
        CatalogEntry(
            code: 603, reason: "Decline", section: "21.6.2",
            meaning: "The callee's device was reached, and the user, or a rule acting for them, refused the call. It "
                + "applies to every location, so a forking proxy stops trying the user's other devices.",
            whenYouSeeIt: "When someone presses reject on a ringing phone (many phones send 603, others 486), from "
                + "call-screening or do-not-disturb rules, and from networks rejecting calls by policy.",
            howToFix: "No technical fault when the user declined; do not redial automatically, except at a time given "
                + "in Retry-After. If every call is declined, check the callee's do-not-disturb, screening and block "
                + "list rules.",
            whenToUse: "the callee does not want the call and no other device of theirs should ring",
            facts: ResponseFacts(retry: .never, permanence: .notApplicable, headers: ["Retry-After"]),
            related: [486, 600, 607, 608]),
        CatalogEntry(
            code: 604, reason: "Does Not Exist Anywhere", section: "21.6.3",
            meaning: "The server is sure the user exists nowhere, not only in this domain. Sending the request "
                + "somewhere else will not help.",
            whenYouSeeIt: "From servers with authoritative knowledge of a user or number, such as a number-portability "
                + "database or the carrier that owns the number range, on INVITE to an unassigned number.",
            howToFix: "Check that the dialled number is right and assigned; another route will give the same answer. "
                + "If the number ought to exist, ask the carrier that owns it to check its assignment and porting "
                + "records.",
            whenToUse: "the user or number is known not to exist anywhere",
            facts: ResponseFacts(retry: .never, permanence: .permanent),
            related: [404, 410]),
        CatalogEntry(
            code: 606, reason: "Not Acceptable", section: "21.6.4",
            meaning: "The callee was reached but cannot accept the session as described, on any of their devices. The "
                + "response may include SDP saying what would be acceptable.",
            whenYouSeeIt: "From user agents that find some part of the session (media type, bandwidth, codecs) "
                + "unacceptable for the user as a whole, for example a video-only offer to an audio-only user, or a "
                + "fax offer to a callee without fax.",
            howToFix: "Read the Warning header and any SDP in the response, then offer what the callee can handle. "
                + "Unlike 488, the user's other devices would give the same answer, so changing the offer is the "
                + "only way forward.",
            whenToUse: "the session as offered is unacceptable on every device of the user",
            facts: ResponseFacts(
                sdp: .explainsFailure, retry: .modify, permanence: .permanent, headers: ["Warning", "Accept"]),
            related: [415, 488]),
        CatalogEntry(
            code: 607, reason: "Unwanted", rfc: "RFC 8197", section: "4",
            meaning: "The called party marked the call as unwanted, typically as spam or nuisance. Networks may use "
                + "this feedback to score the calling number, and later calls from it are likely to be refused too.",
            whenYouSeeIt: "From phones or apps with a report-spam button, and from call-blocking services answering an "
                + "INVITE from a number on a block list or flagged as a robocaller.",
            howToFix: "If you place legitimate calls, check how your numbers are scored for reputation and whether "
                + "your calls are signed with good STIR/SHAKEN attestation. Stop calling that party from the number.",
            whenToUse: "the called party considers the call unwanted and wants future calls from the number refused",
            facts: ResponseFacts(retry: .never, permanence: .permanent),
            related: [433, 603, 608]),
        CatalogEntry(
            code: 608, reason: "Rejected", rfc: "RFC 8688", section: "3",
            meaning: "An intermediary in the network, not the callee, rejected the call, usually an analytics engine "
                + "that judged it unwanted. The response can say whom to contact to dispute the decision.",
            whenYouSeeIt: "From carrier robocall filters and call-analytics services answering an INVITE; it may carry "
                + "a Call-Info header with a jCard identifying the rejecting party, so the caller can contest it.",
            howToFix: "Read the Call-Info header to find the operator that blocked the call and use its redress "
                + "process. Improving the calling number's reputation (STIR/SHAKEN signing, consistent caller ID) "
                + "prevents repeats.",
            whenToUse: "a network element, rather than the user, rejects the call and wants the caller to know whom "
                + "to contact",
            facts: ResponseFacts(retry: .never, permanence: .permanent, headers: ["Call-Info"]),
            related: [603, 607]),
    ]
}
