package org.opensbc.sip.pipeline;

/**
 * The inbound pipeline's stages, in the order a new request passes them. Each stage either lets
 * the request go on to the next or decides its fate ({@link StageResult}); the name is the
 * {@code stage} tag of the decision metric and what the decision log shows.
 *
 * <p>Where each runs: {@link #SIZE_GRAMMAR} in the parser and, for what needs an answer other than
 * 400, the admission valve; {@link #ACCESS} in the admission valve, before any transaction (for
 * UDP its ban and rate decision is also taken earlier, on the reader thread, before the datagram
 * is parsed: the {@code SourceFilter} fast path); the rest in the B2BUA's dispatcher and handlers.
 */
public enum Stage {
    /** Size limit, RFC 3261 grammar, SIP version; for a new INVITE also loop, Max-Forwards, Require. */
    SIZE_GRAMMAR("size-grammar"),
    /** The packet's real source (received/rport, the flow): facts for later stages; never decides. */
    NAT_FACTS("nat-facts"),
    /** Bans (failed authentication, rate), acl.yaml networks, scanner User-Agents, methods, rate limit. */
    ACCESS("access"),
    /** Digest (challenge, 403 on a foreign From), a trunk's address, the open-relay refusal. */
    AUTHENTICATION("authentication"),
    /** REGISTER: bindings of a local user. */
    REGISTRAR("registrar"),
    /** Out-of-dialog requests to users and trunks: rules, targets, methods the gateway does not serve. */
    ROUTING("routing"),
    /** Requests inside a call (a To tag), CANCEL and ACK: the dialog they name, or 481. */
    DIALOG("dialog");

    private final String tag;

    Stage(String tag) {
        this.tag = tag;
    }

    /** The metric tag and log name: lower case, stable. */
    public String tag() {
        return tag;
    }
}
