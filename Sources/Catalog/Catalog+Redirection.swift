// 3xx: RFC 3261 §21.3.

extension Catalog {
    static let redirection: [CatalogEntry] = [
        CatalogEntry(
            code: 300, reason: "Multiple Choices", section: "21.3.1",
            meaning: "The address resolved to several possible destinations, each listed in a Contact header. The "
                + "caller, or its user, picks one and sends the request there.",
            whenYouSeeIt: "From redirect servers when a user has several registered devices or numbers and the "
                + "server leaves the choice to the caller. The Contacts may carry q-values giving the preferred "
                + "order.",
            howToFix: "Make the caller follow the redirect by trying the Contacts in q-value order. If it gives up "
                + "instead, enable redirect handling on that phone or trunk, or have the server proxy the call "
                + "rather than redirect it.",
            whenToUse: "several destinations could take the request and the caller should choose among them",
            facts: ResponseFacts(retry: .elsewhere, permanence: .notApplicable, headers: ["Contact"]),
            related: [301, 302, 485]),
        CatalogEntry(
            code: 301, reason: "Moved Permanently", section: "21.3.2",
            meaning: "The user is no longer at this address, and the new address is in the Contact header. The "
                + "caller should use the new one from now on.",
            whenYouSeeIt: "From redirect servers or user agents when a number or account has moved for good, for "
                + "example after a number port or a domain change; mostly on INVITE.",
            howToFix: "Retry at the Contact address and update stored contacts and routing tables so the old address "
                + "is not used again. If the redirect is wrong, correct the forwarding entry on the server that sent "
                + "it.",
            whenToUse: "the user has moved for good and the new address is known",
            facts: ResponseFacts(retry: .elsewhere, permanence: .permanent, headers: ["Contact"]),
            related: [302, 404, 410]),
        CatalogEntry(
            code: 302, reason: "Moved Temporarily", section: "21.3.3",
            meaning: "The user can be reached at a different address for now, given in the Contact header. The caller "
                + "should retry there but keep the original address for future calls.",
            whenYouSeeIt: "The most common redirect: call forwarding (always, on busy, on no answer) done by redirect "
                + "servers, SBCs and hosted PBXs on INVITE. An Expires value may say how long the new address holds.",
            howToFix: "Let the caller follow the redirect with a new INVITE to the Contact URI. If calls fail right "
                + "after a 302, the caller or an SBC in front of it probably ignores redirects; turn redirect "
                + "handling on there, or make the server proxy the call.",
            whenToUse: "the user is reachable elsewhere for the time being, as with call forwarding",
            facts: ResponseFacts(retry: .elsewhere, permanence: .temporary, headers: ["Contact", "Expires"]),
            related: [181, 300, 301]),
        CatalogEntry(
            code: 305, reason: "Use Proxy", section: "21.3.4",
            meaning: "The resource may only be reached through the proxy named in the Contact header. The caller must "
                + "resend this request through that proxy.",
            whenYouSeeIt: "Rare in practice. It comes from a user agent server that only accepts requests through a "
                + "particular proxy or SBC; the specification allows only user agent servers, never proxies, to "
                + "send it.",
            howToFix: "Resend the request through the proxy given in Contact, or set that proxy as the caller's "
                + "outbound proxy. Be wary of obeying 305 from untrusted sources, since it lets the sender choose "
                + "your route.",
            whenToUse: "requests must reach this user agent through one specific proxy",
            facts: ResponseFacts(retry: .elsewhere, permanence: .notApplicable, headers: ["Contact"]),
            related: [302, 380]),
        CatalogEntry(
            code: 380, reason: "Alternative Service", section: "21.3.5",
            meaning: "The call did not succeed as placed, but another service could handle it. The body of the "
                + "response describes that alternative.",
            whenYouSeeIt: "Seldom in plain VoIP. In IMS networks a proxy answers an INVITE with 380 when it spots an "
                + "emergency number dialled as a normal call, telling the phone to place it again as an emergency "
                + "call.",
            howToFix: "Read the body to see which alternative is offered and let the phone act on it; in IMS that "
                + "means redialling as an emergency call. If a phone ignores 380, check that it supports the body "
                + "type the network sends.",
            whenToUse: "the request cannot go ahead as asked but another service, described in the body, would work",
            facts: ResponseFacts(retry: .modify, permanence: .notApplicable, headers: ["Content-Type"]),
            related: [300, 302, 305]),
    ]
}
