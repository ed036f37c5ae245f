package org.opensbc.core.registrar;

import java.util.List;

/** What the registrar decided about one REGISTER. */
public sealed interface RegisterOutcome {

    /**
     * 200 OK listing every current binding of the AOR.
     *
     * @param flowTimerSeconds the RFC 5626 Flow-Timer to send with Require: outbound, or 0 when the
     *                         UA did not ask for outbound (or has no binding left)
     */
    record Accepted(List<Binding> bindings, int flowTimerSeconds) implements RegisterOutcome {

        public Accepted(List<Binding> bindings) {
            this(bindings, 0);
        }

        Accepted withFlowTimer(int seconds) {
            return new Accepted(bindings, seconds);
        }
    }

    /** 423 Interval Too Brief with Min-Expires. */
    record IntervalTooBrief(int minExpires) implements RegisterOutcome { }

    /** 401 with a digest challenge in the gateway's realm ({@code stale}: the nonce had lapsed). */
    record Challenge(String realm, String nonce, boolean stale) implements RegisterOutcome { }

    /**
     * 403 after wrong credentials (counted as an authentication failure).
     *
     * @param banStarted this failure started a ban of the source
     */
    record Rejected(boolean banStarted) implements RegisterOutcome { }

    /** 503 with Retry-After: the binding could not be kept (the state store is down and its queue full). */
    record Unavailable(int retryAfterSeconds) implements RegisterOutcome { }

    /** Any other refusal: status code and reason phrase. */
    record Refused(int status, String reason) implements RegisterOutcome { }
}
