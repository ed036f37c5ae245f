package org.opensbc.sip.guard;

/**
 * Decides, before any transaction exists, what happens to a request: let it in, drop it
 * unanswered (banned or blocked sources, scanners), or answer it with a final status (a method
 * the source may not send). Called for every request on the stack's threads: keep it cheap.
 */
@FunctionalInterface
public interface RequestGate {

    /** @param status 0: let in; -1: drop unanswered; else the final status to answer; {@code allow} for a 405 */
    record Verdict(int status, String allow) {
        public static final Verdict ACCEPT = new Verdict(0, null);
        public static final Verdict DROP = new Verdict(-1, null);
    }

    /**
     * @param transport  udp, tcp, tls, ws or wss
     * @param inDialog   the request has a To tag
     * @param userAgent  its User-Agent, or null
     */
    Verdict check(String sourceAddress, String transport, String method, boolean inDialog, String userAgent);

    RequestGate OPEN = (source, transport, method, inDialog, agent) -> Verdict.ACCEPT;
}
