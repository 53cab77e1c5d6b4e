// 4xx: RFC 3261 §21.4, and the codes later RFCs registered in the same class.

extension Catalog {
    static let clientFailure: [CatalogEntry] = [
        CatalogEntry(
            code: 400, reason: "Bad Request", section: "21.4.1",
            meaning: "The server could not make sense of the request because its syntax is wrong. The reason phrase or "
                + "a Warning header often names the broken part.",
            whenYouSeeIt: "From any element that parses the request: a mandatory header missing (Via, From, To, "
                + "Call-ID, CSeq, Max-Forwards), a malformed URI, a Content-Length that does not match the body, or "
                + "SDP the far end cannot parse.",
            howToFix: "Read the reason phrase and any Warning header first, since servers usually say what they "
                + "rejected. Then capture the exact request on the wire and check it against the grammar in RFC 3261 "
                + "section 25, especially headers an SBC or router ALG may have rewritten.",
            whenToUse: "the request is malformed and no more specific code fits",
            facts: ResponseFacts(retry: .modify, permanence: .permanent, headers: ["Warning"]),
            related: [413, 414, 416, 420, 505]),
        CatalogEntry(
            code: 401, reason: "Unauthorized", section: "21.4.2",
            meaning: "The server wants the caller to prove who it is. The WWW-Authenticate header holds a challenge "
                + "(realm and nonce) that the caller answers in a new request.",
            whenYouSeeIt: "From registrars on nearly every first REGISTER, and from user agents or servers acting as "
                + "the endpoint on INVITE and other requests. The first 401 is routine; a second one in a row means "
                + "the credentials were refused.",
            howToFix: "Expect one 401 followed by a retry with an Authorization header; a 401 after that retry means "
                + "the username, password or realm is wrong. Check the credentials on the device and that the "
                + "username is the form the server expects (extension, or full address of record).",
            whenToUse: "a user agent or registrar needs the caller to authenticate",
            facts: ResponseFacts(
                retry: .authenticate, permanence: .permanent, headers: ["WWW-Authenticate", "Authorization"]),
            related: [403, 407]),
        CatalogEntry(
            code: 402, reason: "Payment Required", section: "21.4.3",
            meaning: "RFC 3261 reserves this code for future use and no standard gives it a meaning. Senders that use "
                + "it anyway usually mean the account has run out of credit.",
            whenYouSeeIt: "From some carriers and prepaid platforms on INVITE, when the balance is exhausted or "
                + "billing has blocked the account.",
            howToFix: "Check the account balance and billing status with the provider that sent it. Because the code "
                + "has no standard meaning, read the reason phrase and any Warning header for the provider's own "
                + "explanation.",
            whenToUse:
                "a provider insists on signalling an exhausted account, though no standard defines it and 403 with "
                + "a clear reason phrase is safer",
            facts: ResponseFacts(retry: .never, permanence: .notApplicable, headers: ["Warning"]),
            related: [403]),
        CatalogEntry(
            code: 403, reason: "Forbidden", section: "21.4.4",
            meaning: "The server understood the request and refuses it, and authenticating will not change the answer. "
                + "It is a policy decision, not a syntax or credential problem.",
            whenYouSeeIt: "From registrars rejecting a device (source address not allowed, user agent blocked, account "
                + "disabled), from proxies and SBCs blocking destinations the account may not call, such as "
                + "international or premium numbers, and from servers that stop challenging after repeated failed "
                + "logins.",
            howToFix: "Read the reason phrase and Warning header, then check the sender's policy: account enabled, "
                + "source IP allowed by its access lists, dialled number permitted by the calling plan, and no "
                + "automatic ban after bad passwords. Retrying unchanged is pointless, because the answer will be "
                + "the same.",
            whenToUse: "the request is understood but policy forbids it, and credentials would not help",
            facts: ResponseFacts(retry: .never, permanence: .permanent, headers: ["Warning"]),
            related: [401, 407, 603]),
        CatalogEntry(
            code: 404, reason: "Not Found", section: "21.4.5",
            meaning: "The server knows for certain that the called user does not exist in the domain of the "
                + "Request-URI, or the domain is not one it serves.",
            whenYouSeeIt: "From registrars and proxies on INVITE, MESSAGE or SUBSCRIBE to an unknown user or number, "
                + "or to a domain they do not serve. Wrong dial plans and number formatting (a missing country code, "
                + "an extra prefix) are the usual cause.",
            howToFix: "Compare the Request-URI on the wire with what the server holds: user part, domain, and number "
                + "format (E.164 with or without +, prefixes). Make sure the domain is served there and the callee is "
                + "provisioned; a provisioned but unregistered callee should produce 480, not 404.",
            whenToUse: "the user or number does not exist in this domain",
            facts: ResponseFacts(retry: .never, permanence: .permanent),
            related: [410, 480, 484, 604]),
        CatalogEntry(
            code: 405, reason: "Method Not Allowed", section: "21.4.6",
            meaning: "The server knows the method but will not accept it for this address. The Allow header in the "
                + "response lists the methods it does accept.",
            whenYouSeeIt: "When a request uses a method the target does not handle there: REGISTER sent to a plain "
                + "user agent, SUBSCRIBE or MESSAGE to a PBX extension without that feature, or INFO and UPDATE to "
                + "old gateways.",
            howToFix: "Look at the Allow header and use one of the methods it lists, or enable the feature on the "
                + "target. For DTMF sent as INFO, switch to RFC 4733 telephone events when INFO is refused.",
            whenToUse: "the method is known but not permitted for this Request-URI",
            facts: ResponseFacts(retry: .modify, permanence: .permanent, headers: ["Allow"]),
            related: [469, 489, 501]),
        CatalogEntry(
            code: 406, reason: "Not Acceptable", section: "21.4.7",
            meaning: "Every answer the server could give is in a form the request said it will not accept. The "
                + "mismatch lies in the Accept headers of the request.",
            whenYouSeeIt: "Rare. It appears when Accept, Accept-Encoding or Accept-Language in a request exclude every "
                + "body the server can produce, for example a SUBSCRIBE accepting only a format the event server "
                + "does not generate.",
            howToFix: "Widen the Accept headers of the request to include a type the server supports, or teach the "
                + "server to produce the requested type.",
            whenToUse: "every body the server could send back is excluded by the request's Accept headers",
            facts: ResponseFacts(
                retry: .modify, permanence: .permanent, headers: ["Accept", "Accept-Encoding", "Accept-Language"]),
            related: [415, 488]),
        CatalogEntry(
            code: 407, reason: "Proxy Authentication Required", section: "21.4.8",
            meaning: "A proxy on the path wants the caller to authenticate to it before forwarding the request. The "
                + "challenge is in Proxy-Authenticate and the answer goes back in Proxy-Authorization.",
            whenYouSeeIt: "From the caller's own outbound proxy or SBC, typically on the first INVITE of every call "
                + "and on other requests outside a dialog. As with 401, one is routine and a second in a row means "
                + "the credentials failed.",
            howToFix: "Expect the phone to resend with a Proxy-Authorization header built from the challenge. A "
                + "second 407 after that means the proxy rejected the credentials: check username, password and "
                + "realm on the device, and look for a device reusing an old nonce when only some calls fail.",
            whenToUse: "a proxy, rather than the destination, needs the caller to authenticate",
            facts: ResponseFacts(
                retry: .authenticate, permanence: .permanent,
                headers: ["Proxy-Authenticate", "Proxy-Authorization"]),
            related: [401, 403]),
        CatalogEntry(
            code: 408, reason: "Request Timeout", section: "21.4.9",
            meaning: "No final answer could be produced in time, usually because the next hop or the callee never "
                + "replied. It is a timeout inside the network, not a refusal.",
            whenYouSeeIt: "From proxies when a forwarded request got no final response before their timer ran out, "
                + "often because the callee's registration points to an address that no longer answers. Clients "
                + "also report 408 internally when their own transaction times out, with nothing on the wire.",
            howToFix: "Find the hop that went silent: follow the request past the element that sent 408 and see "
                + "where responses stop. Usual causes are stale registrations of phones that lost their connection, "
                + "expired NAT bindings, or a firewall dropping UDP; shorter registration intervals or keep-alives "
                + "help.",
            whenToUse: "no final response came back in time from further along the path",
            facts: ResponseFacts(retry: .later, permanence: .temporary),
            related: [100, 480, 504]),
        CatalogEntry(
            code: 410, reason: "Gone", section: "21.4.10",
            meaning: "The address did exist on this server but has been removed for good, and no new address is "
                + "known. Unlike 404, the server is saying the user used to be here.",
            whenYouSeeIt: "From registrars and proxies for accounts or numbers that were deactivated, deleted or "
                + "ported away without a forwarding entry, usually on INVITE or MESSAGE.",
            howToFix: "Stop using the address: remove it from contacts, speed dials and routing tables. If the user "
                + "still needs to be reached, provision them again or add a forwarding entry so the server answers "
                + "301 with the new address instead.",
            whenToUse: "the user existed here but is permanently gone and no forwarding address is known",
            facts: ResponseFacts(retry: .never, permanence: .permanent),
            related: [301, 404, 604]),
        CatalogEntry(
            code: 412, reason: "Conditional Request Failed", rfc: "RFC 3903", section: "11.2.1",
            meaning: "A PUBLISH tried to refresh, change or remove event state using an entity tag the server no "
                + "longer knows, so the condition in SIP-If-Match did not hold.",
            whenYouSeeIt: "From presence and event state servers answering PUBLISH, typically after the publication "
                + "expired or the server restarted, so the SIP-If-Match value points at state that is gone.",
            howToFix: "Have the publisher start over with an initial PUBLISH, without SIP-If-Match, carrying the full "
                + "state. If it keeps happening, the publisher refreshes less often than the expiry the server "
                + "grants.",
            whenToUse: "a PUBLISH refers to an entity tag that matches no current publication",
            facts: ResponseFacts(retry: .modify, permanence: .permanent, headers: ["SIP-If-Match", "SIP-ETag"]),
            related: [204, 423, 489]),
        CatalogEntry(
            code: 413, reason: "Request Entity Too Large", section: "21.4.11",
            meaning: "The body of the request is bigger than the server is willing or able to handle. If the limit is "
                + "only for now, Retry-After may say when to try again.",
            whenYouSeeIt: "On INVITE or MESSAGE with large bodies: SDP listing many codecs and ICE candidates, "
                + "multipart bodies with images, or long instant messages, often at SBCs that enforce size limits.",
            howToFix: "Shrink the body: offer fewer codecs, drop SDP attributes and ICE candidates nobody needs, or "
                + "send large content by reference instead of inline.",
            whenToUse: "the request body exceeds what the server accepts",
            facts: ResponseFacts(retry: .modify, permanence: .permanent, headers: ["Retry-After"]),
            related: [400, 414, 513]),
        CatalogEntry(
            code: 414, reason: "Request-URI Too Long", section: "21.4.12",
            meaning: "The Request-URI is longer than the server is willing to read.",
            whenYouSeeIt: "Uncommon; seen when URIs carry long parameter lists or embedded headers (the ?header=value "
                + "form), or when a routing loop keeps adding to the address.",
            howToFix: "Shorten the Request-URI by moving data out of URI parameters and embedded headers into proper "
                + "headers or the body, and look for a loop that keeps growing it.",
            whenToUse: "the Request-URI is too long to process",
            facts: ResponseFacts(retry: .modify, permanence: .permanent),
            related: [400, 413, 416]),
        CatalogEntry(
            code: 415, reason: "Unsupported Media Type", section: "21.4.13",
            meaning: "The server cannot handle the format of the request body. The response lists what it does "
                + "accept in Accept, Accept-Encoding or Accept-Language.",
            whenYouSeeIt: "From user agents and servers receiving a body type they do not support: an INVITE whose "
                + "body is not SDP, a MESSAGE in a content type the client cannot display, INFO with an unknown "
                + "payload, or a compressed body.",
            howToFix: "Check the Accept header in the response and send the body in one of those types. For INVITE, "
                + "make sure Content-Type is application/sdp, or multipart with an SDP part the far end understands.",
            whenToUse: "the server cannot process the body's type, encoding or language",
            facts: ResponseFacts(
                retry: .modify, permanence: .permanent,
                headers: ["Accept", "Accept-Encoding", "Accept-Language", "Content-Type"]),
            related: [400, 406, 488]),
        CatalogEntry(
            code: 416, reason: "Unsupported URI Scheme", section: "21.4.14",
            meaning: "The server does not understand the scheme of the Request-URI, such as tel:, sips: or im:.",
            whenYouSeeIt: "When a device dials a tel: or sips: URI through a server that only handles sip:, or when a "
                + "badly built URI lacks a valid scheme.",
            howToFix: "Send the request with a scheme the server supports, usually sip:, turning tel: numbers into "
                + "sip:number@domain;user=phone. If sips: is needed, enable TLS on the server.",
            whenToUse: "the Request-URI uses a scheme the server does not handle",
            facts: ResponseFacts(retry: .modify, permanence: .permanent),
            related: [400, 404, 414]),
        CatalogEntry(
            code: 417, reason: "Unknown Resource-Priority", rfc: "RFC 4412", section: "4.6.2",
            meaning: "The request asked for priority treatment with a Resource-Priority value or namespace the server "
                + "does not understand.",
            whenYouSeeIt: "In networks with priority calling, such as government emergency or military networks, on "
                + "INVITE whose Resource-Priority namespace or value is unknown to an element. The response lists "
                + "what it knows in Accept-Resource-Priority.",
            howToFix: "Use a namespace and priority value listed in Accept-Resource-Priority, or configure the server "
                + "to know the namespace. Outside priority networks, strip Resource-Priority headers added by "
                + "mistake.",
            whenToUse: "a Resource-Priority value or namespace is not recognised",
            facts: ResponseFacts(
                retry: .modify, permanence: .permanent, headers: ["Resource-Priority", "Accept-Resource-Priority"]),
            related: [420, 421]),
        CatalogEntry(
            code: 420, reason: "Bad Extension", section: "21.4.15",
            meaning: "The request required an extension, listed in Require or Proxy-Require, that the server does not "
                + "support. The Unsupported header of the response names it.",
            whenYouSeeIt:
                "Usually on INVITE, when a caller sends Require: 100rel, timer, precondition or replaces to a "
                + "peer without that feature, or when a proxy does not know an option tag in Proxy-Require.",
            howToFix: "Read the Unsupported header, then either turn that feature off on the caller or move it from "
                + "Require to Supported so the call can go ahead without it. Enable the extension on the server if "
                + "the call really needs it.",
            whenToUse: "the request requires an extension this server does not support",
            facts: ResponseFacts(
                retry: .modify, permanence: .permanent, headers: ["Unsupported", "Require", "Proxy-Require"]),
            related: [400, 417, 421]),
        CatalogEntry(
            code: 421, reason: "Extension Required", section: "21.4.16",
            meaning: "The server needs an extension that the request did not offer. The Require header of the response "
                + "names the option tag the caller must support.",
            whenYouSeeIt: "From user agents and servers that insist on a feature such as 100rel (reliable provisional "
                + "responses), timer (session timers) or sec-agree, in answer to an INVITE or REGISTER that did not "
                + "list it in Supported.",
            howToFix: "Enable the named extension on the caller, list it in Supported, and resend. If the caller "
                + "cannot support it, relax the server's setting so the feature becomes optional.",
            whenToUse: "the server will only go ahead if the client supports an extension it did not list",
            facts: ResponseFacts(retry: .modify, permanence: .permanent, headers: ["Require", "Supported"]),
            related: [420, 422, 494]),
        CatalogEntry(
            code: 422, reason: "Session Interval Too Small", rfc: "RFC 4028", section: "6",
            meaning: "The session-timer interval in Session-Expires is shorter than this element allows. The Min-SE "
                + "header of the response gives the smallest value it will take.",
            whenYouSeeIt: "On INVITE or UPDATE carrying Session-Expires, from a callee or a proxy whose minimum is "
                + "higher than the interval requested, as when a device asks for 90 seconds and the network wants "
                + "1800.",
            howToFix: "Resend with Session-Expires (and Min-SE) at least as large as the Min-SE value in the response; "
                + "well-behaved callers do this on their own. If no retry follows, raise the session timer on the "
                + "caller.",
            whenToUse: "Session-Expires is below this element's minimum session interval",
            facts: ResponseFacts(retry: .modify, permanence: .permanent, headers: ["Min-SE", "Session-Expires"]),
            related: [421, 423]),
        CatalogEntry(
            code: 423, reason: "Interval Too Brief", section: "21.4.17",
            meaning: "The expiry asked for is shorter than the server's minimum. The Min-Expires header says the "
                + "shortest interval it will accept.",
            whenYouSeeIt: "From registrars on REGISTER with a small Expires, often from phones trying to keep NAT "
                + "bindings open, and from event servers on SUBSCRIBE or PUBLISH.",
            howToFix: "Resend with Expires at or above Min-Expires; most clients do so automatically. Keep NAT "
                + "bindings open with keep-alives (CRLF or OPTIONS) rather than very short registrations.",
            whenToUse: "the requested expiry is below the server's minimum",
            facts: ResponseFacts(retry: .modify, permanence: .permanent, headers: ["Min-Expires", "Expires"]),
            related: [412, 422]),
        CatalogEntry(
            code: 424, reason: "Bad Location Information", rfc: "RFC 6442", section: "4.3",
            meaning: "The location sent with the request, by value in the body or by reference in a Geolocation "
                + "header, was malformed or unusable. The Geolocation-Error header explains why.",
            whenYouSeeIt: "Mostly on emergency calls (an INVITE with a Geolocation header and a PIDF-LO body), from a "
                + "proxy or routing element that needs the location to pick the emergency centre.",
            howToFix: "Read the Geolocation-Error code, then validate the PIDF-LO body and make sure any location URI "
                + "can be fetched by the recipient. Correct the location source, whether the device or the "
                + "network's location server.",
            whenToUse: "location information sent with the request is wrong or cannot be used",
            facts: ResponseFacts(
                retry: .modify, permanence: .permanent, headers: ["Geolocation", "Geolocation-Error"]),
            related: [400, 425]),
        CatalogEntry(
            code: 425, reason: "Bad Alert Message", rfc: "RFC 8876", section: "5.1",
            meaning: "The alert data of a non-interactive emergency call, such as an automatic alarm or sensor report, "
                + "could not be processed. The AlertMsg-Error header says why.",
            whenYouSeeIt: "From emergency service systems answering a MESSAGE or INVITE that carries a Common Alerting "
                + "Protocol (CAP) payload, when the payload is missing, corrupted or too vague to act on.",
            howToFix: "Check the AlertMsg-Error code, validate the CAP payload, and make sure it is really attached to "
                + "the request. The fix belongs in the device or service that generates the alert.",
            whenToUse: "the alert payload of a non-interactive emergency call cannot be used",
            facts: ResponseFacts(retry: .modify, permanence: .permanent, headers: ["AlertMsg-Error"]),
            related: [415, 424]),
        CatalogEntry(
            code: 428, reason: "Use Identity Header", rfc: "RFC 8224", section: "6.2.2",
            meaning: "The server will not accept the request without an Identity header: it wants the caller's "
                + "identity signed (STIR).",
            whenYouSeeIt: "From STIR/SHAKEN verification services or terminating networks on an INVITE that arrived "
                + "unsigned, when local policy requires a signature.",
            howToFix: "Have the originating network sign the call by passing it through its authentication service. If "
                + "calls cross a peer that strips headers, fix that peer so the Identity header survives.",
            whenToUse: "the request must carry an Identity header and did not",
            facts: ResponseFacts(retry: .modify, permanence: .permanent, headers: ["Identity"]),
            related: [403, 436, 437, 438]),
        CatalogEntry(
            code: 429, reason: "Provide Referrer Identity", rfc: "RFC 3892", section: "5",
            meaning: "The target of a transfer wants proof of who asked for it, and the request carried none. It "
                + "requires a valid signed token in Referred-By.",
            whenYouSeeIt: "During call transfer: the target of an INVITE triggered by REFER answers 429 when the "
                + "Referred-By header lacks a valid signed token. Rarely used in practice.",
            howToFix: "Have the transferring party put a signed Referred-By token in its REFER and the transferred "
                + "party copy it into the INVITE, or relax the target's policy that demands it.",
            whenToUse: "a referred request lacks the signed Referred-By token the target requires",
            facts: ResponseFacts(retry: .modify, permanence: .permanent, headers: ["Referred-By"]),
            related: [202, 403]),
        CatalogEntry(
            code: 430, reason: "Flow Failed", rfc: "RFC 5626", section: "11.5",
            meaning: "A particular connection (flow) to the user agent that the request had to use has failed. It is "
                + "meant for the proxy behind the edge, so that proxy can try another flow.",
            whenYouSeeIt: "With SIP Outbound: an edge proxy receives a request for a registered flow whose TCP or TLS "
                + "connection has closed, and answers the home proxy with 430. The caller should never see it.",
            howToFix: "If it reaches the caller, the home proxy passed it on instead of trying another registered "
                + "flow; fix that proxy. Then find out why connections drop: NAT timeouts, missing keep-alives, or "
                + "load balancer idle timers.",
            whenToUse: "an edge proxy cannot use the flow a request was routed to",
            facts: ResponseFacts(retry: .elsewhere, permanence: .temporary),
            related: [439, 480]),
        CatalogEntry(
            code: 433, reason: "Anonymity Disallowed", rfc: "RFC 5079", section: "5",
            meaning: "The callee's side refuses the call because the caller hid its identity. Calling again without "
                + "anonymity may work.",
            whenYouSeeIt: "On an INVITE or MESSAGE with an anonymous From or a Privacy header, from a callee or its "
                + "proxy running an anonymous-call rejection service.",
            howToFix: "Call again with caller ID shown, without Privacy: id and without the anonymous From, or ask the "
                + "callee to lift the block on anonymous calls.",
            whenToUse: "a callee's policy refuses requests that hide the caller's identity",
            facts: ResponseFacts(
                retry: .modify, permanence: .permanent, headers: ["Privacy", "From", "P-Asserted-Identity"]),
            related: [403, 603, 607]),
        CatalogEntry(
            code: 436, reason: "Bad Identity Info", rfc: "RFC 8224", section: "6.2.2",
            meaning: "The credential that the Identity header points to (its certificate URL) could not be fetched or "
                + "was not in a usable form.",
            whenYouSeeIt: "From STIR/SHAKEN verifiers on INVITE when the certificate URL in the Identity header is "
                + "unreachable, returns an error, or uses a form they do not support.",
            howToFix: "Check that the certificate URL in the Identity header is public, reachable over HTTPS from the "
                + "verifier, and really returns the certificate. The fix is in the signing service's configuration "
                + "or its certificate repository.",
            whenToUse: "the certificate referenced by the Identity header cannot be fetched or used",
            facts: ResponseFacts(retry: .never, permanence: .permanent, headers: ["Identity"]),
            related: [428, 437, 438]),
        CatalogEntry(
            code: 437, reason: "Unsupported Credential", rfc: "RFC 8224", section: "6.2.2",
            meaning: "The verifier obtained the signer's credential but will not accept it, for example because it "
                + "does not trust the issuing authority. Older documents call it Unsupported Certificate.",
            whenYouSeeIt: "From STIR/SHAKEN verifiers on INVITE when the signing certificate chains to an authority "
                + "they do not trust, or is otherwise unacceptable to them.",
            howToFix: "Make sure the signing certificate comes from an authority the terminating network trusts (in "
                + "SHAKEN, an approved certification authority) and that the full chain is served at the "
                + "certificate URL.",
            whenToUse: "the verifier cannot accept the signer's credential",
            facts: ResponseFacts(retry: .never, permanence: .permanent, headers: ["Identity"]),
            related: [428, 436, 438]),
        CatalogEntry(
            code: 438, reason: "Invalid Identity Header", rfc: "RFC 8224", section: "6.2.2",
            meaning: "The Identity header was present but its signature did not verify against the request. Either "
                + "the signature is broken or signed fields were changed on the way.",
            whenYouSeeIt: "From STIR/SHAKEN verifiers on INVITE, most often because an intermediary rewrote the "
                + "calling or called number after the call was signed.",
            howToFix: "Compare the numbers inside the signed token (orig and dest) with From, P-Asserted-Identity and "
                + "To on the wire, and find the hop that changed them. Normalise numbers before signing, not after.",
            whenToUse: "the Identity header's signature does not verify",
            facts: ResponseFacts(retry: .never, permanence: .permanent, headers: ["Identity", "From", "To"]),
            related: [428, 436, 437]),
        CatalogEntry(
            code: 439, reason: "First Hop Lacks Outbound Support", rfc: "RFC 5626", section: "11.6",
            meaning: "The device registered asking for SIP Outbound, but the first proxy on its path does not support "
                + "it, so the registrar cannot give the device what it asked for.",
            whenYouSeeIt: "From a registrar answering a REGISTER that carries reg-id and +sip.instance when the edge "
                + "proxy in front of it did not show Outbound support (no ob parameter in its Path entry).",
            howToFix: "Upgrade or configure the edge proxy to support Outbound, or turn Outbound off on the device so "
                + "it registers the ordinary way.",
            whenToUse: "a REGISTER asks for Outbound but the first hop does not support it",
            facts: ResponseFacts(retry: .modify, permanence: .permanent, headers: ["Path", "Supported"]),
            related: [421, 430]),
        CatalogEntry(
            code: 440, reason: "Max-Breadth Exceeded", rfc: "RFC 5393", section: "5.3.3",
            meaning: "Forking the request would exceed the number of parallel branches its Max-Breadth header "
                + "allows, so it was not forked further.",
            whenYouSeeIt: "From forking proxies on requests to users with many registered devices or large hunt "
                + "groups, or where proxies fork to each other and multiply the branches.",
            howToFix: "Cut the number of contacts a request forks to (fewer registered devices, sequential instead of "
                + "parallel hunting) or raise the Max-Breadth the first proxy sets. Look for proxies that fork to "
                + "each other in a loop.",
            whenToUse: "forking the request would exceed its Max-Breadth",
            facts: ResponseFacts(retry: .never, permanence: .permanent, headers: ["Max-Breadth"]),
            related: [482, 483]),
        CatalogEntry(
            code: 469, reason: "Bad Info Package", rfc: "RFC 6086", section: "4.2.2",
            meaning: "An INFO request named an Info Package that the receiver has not agreed to accept in this "
                + "session.",
            whenYouSeeIt: "On INFO during a call (DTMF, video control, fax signalling) when the Info-Package header "
                + "names a package the other side did not list in Recv-Info.",
            howToFix: "Send only the packages the peer announced in Recv-Info during call setup. For DTMF, fall back "
                + "to RFC 4733 telephone events when the peer does not take the dtmf package.",
            whenToUse: "an INFO request uses an Info Package not agreed for the session",
            facts: ResponseFacts(retry: .modify, permanence: .permanent, headers: ["Info-Package", "Recv-Info"]),
            related: [405, 415]),
        CatalogEntry(
            code: 470, reason: "Consent Needed", rfc: "RFC 5360", section: "5.9.2",
            meaning: "A relay such as a list server refused to pass the request to some recipients because they have "
                + "not agreed to receive it. The Permission-Missing header lists them.",
            whenYouSeeIt: "From URI-list services handling INVITE, MESSAGE or SUBSCRIBE for several recipients, when "
                + "at least one of them has not granted permission under the consent framework.",
            howToFix: "Get the recipients named in Permission-Missing to grant permission (the framework sends them a "
                + "request for it) and resend once they agree, or drop them from the list.",
            whenToUse: "a relay needs recipients' consent before sending them the request",
            facts: ResponseFacts(retry: .later, permanence: .temporary, headers: ["Permission-Missing"]),
            related: [403, 603]),
        CatalogEntry(
            code: 480, reason: "Temporarily Unavailable", section: "21.4.18",
            meaning: "The callee exists but cannot be reached right now: not registered, on do-not-disturb, or "
                + "otherwise away. Retry-After may say when to try again.",
            whenYouSeeIt: "From registrars and proxies on INVITE to a known user with no current registration, and "
                + "from phones set to do-not-disturb. Many PBXs also send it when a ringing phone is not answered "
                + "in time.",
            howToFix: "Check whether the callee is registered (find their REGISTER and its expiry) and whether "
                + "do-not-disturb or presence settings block calls. A phone that is online but unregistered needs "
                + "its registration failures or NAT keep-alives looked at.",
            whenToUse: "the user exists but cannot be reached now",
            facts: ResponseFacts(retry: .later, permanence: .temporary, headers: ["Retry-After"]),
            related: [404, 408, 486]),
        CatalogEntry(
            code: 481, reason: "Call/Transaction Does Not Exist", section: "21.4.19",
            meaning: "The receiver has no dialog or transaction that matches this request. The two sides disagree "
                + "about whether the call or subscription still exists.",
            whenYouSeeIt: "On BYE, re-INVITE, UPDATE, NOTIFY, CANCEL or PRACK for a dialog the far end already tore "
                + "down or never knew: after a failover or restart, after one side timed the call out, when an SBC "
                + "rewrote Call-ID or tags, or on a CANCEL that arrived after the final response.",
            howToFix: "Compare the Call-ID, From tag and To tag of the failing request with those of its dialog, hop "
                + "by hop; an SBC or B2BUA that changes them is a common cause. A BYE sent after the other side "
                + "already hung up needs no fix.",
            whenToUse: "a request refers to a dialog or transaction this user agent does not have",
            facts: ResponseFacts(retry: .never, permanence: .permanent),
            related: [200, 408, 487]),
        CatalogEntry(
            code: 482, reason: "Loop Detected", section: "21.4.20",
            meaning: "A proxy saw a request it had already forwarded come back to it, so the request is looping. The "
                + "Via headers show the path it took.",
            whenYouSeeIt: "From proxies when two elements route a request to each other, common after misconfigured "
                + "forwarding, failover routes, or DNS records that point back at the sender.",
            howToFix: "Read the Via headers of the 482 to see the loop, then fix the routing rules, forwarding "
                + "targets or DNS entries that send the request back where it came from.",
            whenToUse: "a proxy receives a request it has already forwarded",
            facts: ResponseFacts(retry: .never, permanence: .permanent, headers: ["Via"]),
            related: [440, 483]),
        CatalogEntry(
            code: 483, reason: "Too Many Hops", section: "21.4.21",
            meaning: "Max-Forwards reached zero before the request got where it was going, so it was dropped. Either "
                + "the path is too long or the request is looping.",
            whenYouSeeIt: "From any proxy that receives a request other than OPTIONS with Max-Forwards at 0; usually a "
                + "loop that Via checks did not catch, or a caller that started with a very low Max-Forwards.",
            howToFix: "Look for a repeating pattern in the Via headers and break the loop in the routing "
                + "configuration. If the path is simply long, make sure no element lowers Max-Forwards too far (the "
                + "usual starting value is 70).",
            whenToUse: "Max-Forwards has run out",
            facts: ResponseFacts(retry: .never, permanence: .permanent, headers: ["Max-Forwards", "Via"]),
            related: [440, 482]),
        CatalogEntry(
            code: 484, reason: "Address Incomplete", section: "21.4.22",
            meaning: "The dialled number or address is incomplete, and the server needs more digits to route it.",
            whenYouSeeIt: "From gateways and PBXs doing overlap dialling, or when a user dials a short number the dial "
                + "plan cannot complete, such as a number without its area code.",
            howToFix: "Dial the full number, with country and area code, or fix the dial plan that strips digits. With "
                + "overlap dialling the device sends a new INVITE carrying more digits.",
            whenToUse: "the Request-URI is not complete enough to route",
            facts: ResponseFacts(retry: .modify, permanence: .permanent),
            related: [404, 485]),
        CatalogEntry(
            code: 485, reason: "Ambiguous", section: "21.4.23",
            meaning: "The address matches more than one user, and the server will not guess. It may list the "
                + "candidates in Contact.",
            whenYouSeeIt: "From servers that resolve partial names or short numbers, such as a directory lookup where "
                + "one surname matches several users.",
            howToFix: "Use a more precise address, picking from the Contact list when one came back. Servers may leave "
                + "the list out on purpose, since it reveals who else is registered.",
            whenToUse: "the address matches several users and the server will not choose",
            facts: ResponseFacts(retry: .modify, permanence: .permanent, headers: ["Contact"]),
            related: [300, 484]),
        CatalogEntry(
            code: 486, reason: "Busy Here", section: "21.4.24",
            meaning: "The callee's device was reached but is busy and will not take another call. Other devices of the "
                + "same user may still answer.",
            whenYouSeeIt: "From phones already on a call without call waiting, from users pressing reject on some "
                + "phones, and from gateways whose far side reports user busy (ISDN cause 17).",
            howToFix: "Nothing is broken if the callee really is busy; the caller can try later (Retry-After may "
                + "suggest when) or leave a message. If every call gets 486, check call waiting and the limits on "
                + "concurrent calls of the phone or trunk.",
            whenToUse: "this device is busy but the user might be reached elsewhere",
            facts: ResponseFacts(retry: .later, permanence: .temporary, headers: ["Retry-After"]),
            related: [480, 600, 603]),
        CatalogEntry(
            code: 487, reason: "Request Terminated", section: "21.4.25",
            meaning: "The request was ended before it completed, normally because the caller sent CANCEL. It is the "
                + "expected answer to an INVITE that was cancelled.",
            whenYouSeeIt: "On INVITE right after a CANCEL: the caller hung up during ringing, or a forking proxy "
                + "cancelled the other branches once one device answered. Also when a BYE ends an early dialog "
                + "while its INVITE is still pending.",
            howToFix: "Nothing to fix when someone hung up or another phone answered. If calls that should have "
                + "connected get cancelled, find who sent the CANCEL: a caller-side timer, a forking proxy, or an "
                + "SBC with a ring-time limit; a Reason header on the CANCEL often says why.",
            whenToUse: "a pending request was cancelled before it completed",
            facts: ResponseFacts(retry: .notApplicable, permanence: .notApplicable, headers: ["Reason"]),
            related: [200, 408, 481]),
        CatalogEntry(
            code: 488, reason: "Not Acceptable Here", section: "21.4.26",
            meaning: "This endpoint cannot accept the session described in the SDP: no common codec, media type, "
                + "transport or encryption. The response may include SDP listing what it would accept.",
            whenYouSeeIt: "On INVITE, re-INVITE or UPDATE: codec mismatches such as G.729 only against G.711 only, "
                + "SRTP offered to a device without it (or plain RTP to one that insists on SRTP), or video and "
                + "T.38 fax offered to devices that cannot handle them.",
            howToFix: "Compare the offered m= lines and codecs with what the callee supports, and with the SDP in the "
                + "488 if there is one. Add a common codec, align SRTP settings (RTP/AVP against RTP/SAVP), or let "
                + "an SBC transcode.",
            whenToUse: "this endpoint cannot accept the offered session",
            facts: ResponseFacts(
                sdp: .explainsFailure, retry: .modify, permanence: .permanent, headers: ["Warning", "Accept"]),
            related: [415, 580, 606]),
        CatalogEntry(
            code: 489, reason: "Bad Event", rfc: "RFC 6665", section: "8.3.2",
            meaning: "The server does not support the event package named in the Event header. The Allow-Events "
                + "header lists the ones it does.",
            whenYouSeeIt: "On SUBSCRIBE or PUBLISH for packages such as presence, dialog, message-summary or reg, sent "
                + "to a server or phone that lacks them; typical of busy-lamp and voicemail-indicator setups.",
            howToFix: "Check Allow-Events in the response and subscribe only to packages it lists, or enable the "
                + "feature (busy lamp field, message waiting, presence) on the server.",
            whenToUse: "the event package is not supported",
            facts: ResponseFacts(retry: .modify, permanence: .permanent, headers: ["Event", "Allow-Events"]),
            related: [202, 405, 412]),
        CatalogEntry(
            code: 491, reason: "Request Pending", section: "21.4.27",
            meaning: "The receiver already has a request of its own in progress on the same dialog, so the two "
                + "collided (glare).",
            whenYouSeeIt: "When both sides send a re-INVITE or UPDATE at the same moment, for example both putting the "
                + "call on hold or both refreshing session timers at once.",
            howToFix: "Usually it heals itself: the side that got 491 waits a random time (2.1 to 4 seconds if it "
                + "generated the Call-ID, up to 2 seconds otherwise) and tries again. Repeated 491s point to both "
                + "sides retrying in step, or to an SBC sending re-INVITEs on both legs.",
            whenToUse: "a user agent receives a request while its own request on the same dialog is pending",
            facts: ResponseFacts(retry: .later, permanence: .temporary),
            related: [481, 500]),
        CatalogEntry(
            code: 493, reason: "Undecipherable", section: "21.4.28",
            meaning: "The request had an encrypted S/MIME body that the receiver could not decrypt, because it lacks "
                + "the right key.",
            whenYouSeeIt: "Rare; only where S/MIME bodies are used, from user agents that receive a body encrypted for "
                + "a key they do not hold.",
            howToFix: "Make sure the sender encrypts with the recipient's current public key. If the 493 carries a key "
                + "in its body, encrypt with that one.",
            whenToUse: "an encrypted body cannot be decrypted by its recipient",
            facts: ResponseFacts(retry: .modify, permanence: .permanent, headers: ["Content-Type"]),
            related: [400, 415]),
        CatalogEntry(
            code: 494, reason: "Security Agreement Required", rfc: "RFC 3329", section: "6.4",
            meaning: "The server requires a security agreement before it will go on, and the request did not begin "
                + "one. The Security-Server header lists the mechanisms it offers.",
            whenYouSeeIt: "From servers using the security agreement extension, mostly IMS edge proxies, when a client "
                + "that supports sec-agree sent a REGISTER or other request without a usable Security-Client header.",
            howToFix: "Have the client pick a mechanism from Security-Server, set it up, and resend with "
                + "Security-Verify echoing the server's list. If the client cannot do that, turn the security "
                + "agreement requirement off for it.",
            whenToUse: "a security mechanism must be agreed before the request can proceed",
            facts: ResponseFacts(
                retry: .modify, permanence: .permanent,
                headers: ["Security-Server", "Security-Client", "Security-Verify"]),
            related: [401, 421]),
    ]
}
