// 2xx: RFC 3261 §21.2, 202 from RFC 6665 (which deprecated it) and 204 from RFC 5839.

extension Catalog {
    static let success: [CatalogEntry] = [
        CatalogEntry(
            code: 200, reason: "OK", section: "21.2.1",
            meaning: "The request succeeded. For an INVITE the callee answered and the session starts; for any other "
                + "method the action was carried out.",
            whenYouSeeIt: "An answered call (INVITE), a successful registration (REGISTER, listing the bindings now "
                + "in force), and accepted BYE, OPTIONS, SUBSCRIBE, NOTIFY, INFO, MESSAGE or UPDATE requests. A 200 "
                + "to an INVITE carries the SDP answer, or an offer if the INVITE had none.",
            howToFix: "Nothing to fix. For an INVITE the caller must answer the 200 with an ACK; without it the "
                + "callee resends the 200 and hangs up after about 32 seconds. Calls that drop at that mark point "
                + "to a lost ACK: it goes to the Contact of the 200 through any Record-Route, so NAT and routing "
                + "errors show up there.",
            whenToUse: "the request worked, and for an INVITE when the callee answers",
            facts: ResponseFacts(
                dialog: .confirmed, sdp: .answer, retry: .notApplicable, permanence: .notApplicable,
                headers: ["Contact", "Record-Route", "Expires"]),
            related: [183, 202, 481]),
        CatalogEntry(
            code: 202, reason: "Accepted (Deprecated)", rfc: "RFC 6665", section: "8.3.1",
            meaning: "The request was accepted, but the work it asks for may not be done yet. RFC 6665 deprecated "
                + "it: new implementations answer SUBSCRIBE with 200 and report the outcome in NOTIFY.",
            whenYouSeeIt: "From older event servers answering SUBSCRIBE, and from most implementations answering "
                + "REFER during call transfer, where the result of the transfer follows in NOTIFY requests with "
                + "sipfrag bodies.",
            howToFix: "Nothing is wrong; handle 202 exactly like 200. The real result arrives later in NOTIFY, so when "
                + "a transfer or subscription seems stuck, look for the NOTIFY that should follow and for a 481 or "
                + "timeout in answer to it.",
            whenToUse: "a legacy peer expects it for REFER; new code sends 200 instead",
            facts: ResponseFacts(
                dialog: .confirmed, retry: .notApplicable, permanence: .notApplicable,
                headers: ["Expires", "Contact"]),
            related: [200, 481, 489]),
        CatalogEntry(
            code: 204, reason: "No Notification", rfc: "RFC 5839", section: "7.1",
            meaning: "The subscription refresh succeeded, and the server skips the NOTIFY it would normally send "
                + "because the state has not changed since the version the subscriber already holds.",
            whenYouSeeIt: "Only in answer to a SUBSCRIBE sent inside an existing subscription with a "
                + "Suppress-If-Match header naming an entity tag the notifier still has. Presence and dialog-event "
                + "clients use it to save traffic on refreshes.",
            howToFix: "No action; the subscriber's copy of the state is still current. If the subscriber later shows "
                + "stale state, check that the tag it sent in Suppress-If-Match came from the SIP-ETag of the latest "
                + "NOTIFY.",
            whenToUse: "a subscription refresh succeeds and the subscriber already has the current state",
            facts: ResponseFacts(
                retry: .notApplicable, permanence: .notApplicable,
                headers: ["Suppress-If-Match", "SIP-ETag", "Expires"]),
            related: [200, 202, 412]),
    ]
}
