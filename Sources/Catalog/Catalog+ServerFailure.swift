// 5xx: RFC 3261 §21.5, 555 from RFC 8599 and 580 from RFC 3312.

extension Catalog {
    static let serverFailure: [CatalogEntry] = [
        CatalogEntry(
            code: 500, reason: "Server Internal Error", section: "21.5.1",
            meaning: "The server hit an unexpected condition and could not complete the request. As far as the server "
                + "can tell, the fault is on its side, not in the request.",
            whenYouSeeIt: "From any element that fails internally: a routing script that crashed, a database error, a "
                + "B2BUA unable to create the outgoing leg. It is also the required answer to a re-INVITE that "
                + "arrives while an earlier INVITE on the dialog is unanswered, then with a random Retry-After of up "
                + "to 10 seconds.",
            howToFix: "Look at the logs of the element that sent it, at the time of the response; the reason phrase "
                + "may name the failing module. Another server in the cluster may work, and Retry-After, when "
                + "present, says when this one will.",
            whenToUse: "the server failed unexpectedly while handling a request it otherwise accepted",
            facts: ResponseFacts(retry: .later, permanence: .temporary, headers: ["Retry-After"]),
            related: [491, 502, 503]),
        CatalogEntry(
            code: 501, reason: "Not Implemented", section: "21.5.2",
            meaning: "The server does not support the method at all, for any address. With 405 the method is known "
                + "but not allowed for that address.",
            whenYouSeeIt: "From older or minimal user agents and gateways receiving UPDATE, INFO, MESSAGE, PUBLISH, "
                + "REFER or SUBSCRIBE, methods they never implemented.",
            howToFix: "Read the peer's Allow header (in its responses, or in answer to OPTIONS) and avoid the methods "
                + "it lacks: re-INVITE instead of UPDATE, RFC 4733 events instead of INFO for DTMF, or upgrade the "
                + "device.",
            whenToUse: "the server does not implement the method",
            facts: ResponseFacts(retry: .modify, permanence: .permanent, headers: ["Allow"]),
            related: [405, 420]),
        CatalogEntry(
            code: 502, reason: "Bad Gateway", section: "21.5.3",
            meaning: "A gateway or proxy got an invalid response from the next server it contacted on the caller's "
                + "behalf.",
            whenYouSeeIt: "From SBCs, proxies and PSTN gateways when the downstream side answered with something "
                + "unusable: a malformed response, a failing carrier trunk, or a DNS name that resolved to the wrong "
                + "host.",
            howToFix: "Follow the request one hop further and look at what came back there, because the fault lies "
                + "beyond the element that sent 502. Check trunk status, the carrier's responses and the DNS records "
                + "of the next hop.",
            whenToUse: "a gateway or proxy received an invalid response from further along",
            facts: ResponseFacts(retry: .elsewhere, permanence: .temporary),
            related: [500, 503, 504]),
        CatalogEntry(
            code: 503, reason: "Service Unavailable", section: "21.5.4",
            meaning: "The server is overloaded or down for maintenance and cannot take the request now. Retry-After "
                + "may say when it will be back; without it, the caller treats the answer as a 500.",
            whenYouSeeIt: "From overloaded proxies and SBCs, servers in maintenance mode, gateways with every trunk "
                + "channel in use, and proxies that find no reachable next hop. A caller that gets 503 should move "
                + "to another server from its DNS SRV list.",
            howToFix: "Check the load and health of the sender and of any trunk behind it; Retry-After tells you how "
                + "long it expects to be out. Make sure callers have a second server, by DNS SRV or a failover "
                + "route, to fall back to.",
            whenToUse: "the server is overloaded or in maintenance and will be back",
            facts: ResponseFacts(retry: .later, permanence: .temporary, headers: ["Retry-After"]),
            related: [480, 500, 504]),
        CatalogEntry(
            code: 504, reason: "Server Time-out", section: "21.5.5",
            meaning: "The server waited too long for an answer from another server it needed, such as the next hop or "
                + "a DNS or routing service.",
            whenYouSeeIt: "From gateways and proxies whose downstream server or database did not answer in time: a "
                + "carrier trunk that stays silent, an ENUM or DNS lookup that hangs, or an application server that "
                + "stalls.",
            howToFix: "Find the external server the sender was waiting on (next hop, DNS, ENUM, routing database) and "
                + "check that it is reachable and quick. Tuning the sender's timeouts only helps when that server is "
                + "slow rather than dead.",
            whenToUse: "an external server the request depended on did not answer in time",
            facts: ResponseFacts(retry: .elsewhere, permanence: .temporary),
            related: [408, 502, 503]),
        CatalogEntry(
            code: 505, reason: "Version Not Supported", section: "21.5.6",
            meaning: "The server does not support the SIP version in the request line. Everything today speaks "
                + "SIP/2.0, so this nearly always points to a mangled or non-SIP message.",
            whenYouSeeIt: "When the first line of a request was corrupted, by a broken router ALG or a hand-built test "
                + "tool, or says something other than SIP/2.0.",
            howToFix: "Capture the request and check that its first line ends in SIP/2.0. Look for a middlebox "
                + "corrupting packets, and disable SIP ALG on routers in the path.",
            whenToUse: "the request uses a SIP version the server does not handle",
            facts: ResponseFacts(retry: .modify, permanence: .permanent),
            related: [400, 513]),
        CatalogEntry(
            code: 513, reason: "Message Too Large", section: "21.5.7",
            meaning: "The whole message is longer than the server can process.",
            whenYouSeeIt: "With big INVITEs (long SDP, many headers, large Route sets) sent over UDP to servers with "
                + "small buffers, or to elements with a fixed maximum message size.",
            howToFix:
                "Send large messages over TCP, which RFC 3261 requires for requests over 1300 bytes when the path "
                + "MTU is unknown, and trim headers and SDP lines nobody uses.",
            whenToUse: "the whole message exceeds what the server can handle",
            facts: ResponseFacts(retry: .modify, permanence: .permanent),
            related: [413, 414, 505]),
        CatalogEntry(
            code: 555, reason: "Push Notification Service Not Supported", rfc: "RFC 8599", section: "8.1",
            meaning: "The server does not support the push notification service the device named in its pn-provider "
                + "parameter, so it cannot wake that device for incoming calls.",
            whenYouSeeIt: "On REGISTER from mobile apps using SIP push (pn-provider, pn-prid and pn-param in the "
                + "Contact URI) when the registrar or its proxy supports no push service, or a different one.",
            howToFix: "Configure the server for the push provider the app uses, such as APNs or FCM, or register "
                + "without the pn- parameters when push is not needed. A server that does support push names its "
                + "providers with sip.pns in the Feature-Caps header of its responses.",
            whenToUse: "the push service named by the device is not supported",
            facts: ResponseFacts(retry: .modify, permanence: .permanent, headers: ["Contact", "Feature-Caps"]),
            related: [403, 501]),
        CatalogEntry(
            code: 580, reason: "Precondition Failure", rfc: "RFC 3312", section: "8",
            meaning: "The callee could not meet the preconditions of the session, usually the quality-of-service "
                + "resources the offer asked to reserve.",
            whenYouSeeIt: "In IMS and cable networks that use QoS preconditions on INVITE, UPDATE or PRACK, when a "
                + "resource reservation fails or the callee cannot meet a precondition; the response may carry SDP "
                + "showing which one failed.",
            howToFix: "Check the resource reservation on the access network for the leg that failed: bearer setup and "
                + "policy server decisions. If preconditions are not needed, turn them off on the caller so calls no "
                + "longer depend on them.",
            whenToUse: "the preconditions of the offer cannot be met",
            facts: ResponseFacts(
                sdp: .explainsFailure, retry: .later, permanence: .temporary, headers: ["Require", "Supported"]),
            related: [183, 488]),
    ]
}
