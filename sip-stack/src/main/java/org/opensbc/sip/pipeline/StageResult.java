package org.opensbc.sip.pipeline;

import java.util.List;

/**
 * What a stage of the inbound pipeline decides about a request: go on to the next stage, answer
 * it with a final status (and stop), or drop it unanswered (and stop). Replies are turned into
 * responses in one place, {@link ErrorReplies}, which adds the headers each status needs.
 */
public sealed interface StageResult permits StageResult.Continue, StageResult.Reply, StageResult.Drop {

    /** Go on; the one instance, so that the common case allocates nothing. */
    Continue CONTINUE = new Continue();

    /** Forget the request, answer nothing: a scanner or a flood learns nothing and gets nothing back. */
    Drop DROP = new Drop(false);

    /** Dropped because its source is banned (failed authentication, rate): logged as a ban's drop. */
    Drop BANNED = new Drop(true);

    /** True unless the stage decided (replied or dropped). */
    default boolean goesOn() {
        return this instanceof Continue;
    }

    /** The request goes on to the next stage. */
    record Continue() implements StageResult { }

    /** The request is dropped unanswered; {@code banned} when for its source's ban rather than the ACL. */
    record Drop(boolean banned) implements StageResult { }

    /**
     * A final answer and the facts its headers need.
     *
     * @param status      300 to 699
     * @param reason      the reason phrase, or null for the standard one
     * @param allow       405: the methods the source may send (Allow); else empty
     * @param retryAfter  seconds for a Retry-After header (503), or 0 for none
     * @param unsupported 420: the option tags the gateway does not support (Unsupported); else empty
     * @param warnCode    RFC 3261 20.43 warning code (a 488, say), or 0 for no Warning header
     * @param warnText    the Warning's text, or null
     */
    record Reply(int status, String reason, List<String> allow, int retryAfter, List<String> unsupported,
            int warnCode, String warnText) implements StageResult {

        public Reply {
            if (status < 300 || status > 699) {
                throw new IllegalArgumentException("not a final refusal: " + status);
            }
            allow = allow == null ? List.of() : List.copyOf(allow);
            unsupported = unsupported == null ? List.of() : List.copyOf(unsupported);
        }

        public static Reply of(int status) {
            return of(status, null);
        }

        public static Reply of(int status, String reason) {
            return new Reply(status, reason, List.of(), 0, List.of(), 0, null);
        }

        /** 405 with the methods that source may send (RFC 3261 21.4.6: Allow is mandatory). */
        public static Reply methodNotAllowed(List<String> allow) {
            return new Reply(405, null, allow, 0, List.of(), 0, null);
        }

        /** 503 with Retry-After (RFC 3261 21.5.4): come back in that many seconds (at least 1). */
        public static Reply serviceUnavailable(String reason, int seconds) {
            return new Reply(503, reason, List.of(), Math.max(1, seconds), List.of(), 0, null);
        }

        /** 420 with the Require tags the gateway does not support (RFC 3261 8.2.2.3). */
        public static Reply badExtension(List<String> unsupported) {
            return new Reply(420, null, List.of(), 0, unsupported, 0, null);
        }

        /** A refusal with a Warning header (488 to an offer it cannot take, say: RFC 3261 21.4.26). */
        public static Reply withWarning(int status, int warnCode, String warnText) {
            return new Reply(status, null, List.of(), 0, List.of(), warnCode, warnText);
        }
    }
}
