package org.opensbc.sip.guard;

/**
 * Decides, before any transaction exists, what happens to a request: let it in, drop it
 * unanswered (banned or blocked sources, scanners), or answer it with a final status (a method
 * the source may not send, 503 to a source banned for its rate). Called for every request on
 * the stack's threads: keep it cheap. UDP requests were metered already, as datagrams, by the
 * {@link SourceFilter}: count them again here and a source gets half its rate.
 */
@FunctionalInterface
public interface RequestGate {

    /**
     * @param status     0: let in; -1: drop unanswered; else the final status to answer
     * @param allow      the Allow header of a 405, or null
     * @param retryAfter seconds for a Retry-After header, or 0 for none
     */
    record Verdict(int status, String allow, int retryAfter) {
        public static final Verdict ACCEPT = new Verdict(0, null);
        public static final Verdict DROP = new Verdict(-1, null);

        public Verdict(int status, String allow) {
            this(status, allow, 0);
        }

        /** 503 Service Unavailable with Retry-After (RFC 3261 21.5.4): come back in that many seconds. */
        public static Verdict retryAfter(int seconds) {
            return new Verdict(503, null, Math.max(1, seconds));
        }
    }

    /**
     * @param transport  udp, tcp, tls, ws or wss
     * @param inDialog   the request has a To tag
     * @param userAgent  its User-Agent, or null
     */
    Verdict check(String sourceAddress, String transport, String method, boolean inDialog, String userAgent);

    RequestGate OPEN = (source, transport, method, inDialog, agent) -> Verdict.ACCEPT;
}
