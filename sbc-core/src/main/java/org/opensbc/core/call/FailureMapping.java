package org.opensbc.core.call;

/**
 * Which failure a caller hears when the callee side failed: the best of the forks' answers
 * (RFC 3261 section 16.7 step 6), translated so nothing of the far side's state or identity
 * leaks. Reason phrases are always the standard ones.
 */
public final class FailureMapping {

    private FailureMapping() {
    }

    /** The status the caller gets for a callee leg's final failure {@code status}. */
    public static int towardsCaller(int status) {
        if (status >= 300 && status < 400) {
            return 480; // redirects are not followed yet; a Contact from the far side must not leak
        }
        return switch (status) {
            // the far side wants credentials the caller cannot give: to the caller it is a refusal
            case 401, 407 -> 403;
            // a 503 to the caller would say this gateway is overloaded (RFC 3261 16.7: send 500)
            case 503 -> 500;
            default -> status >= 400 && status < 700 ? status : 500;
        };
    }

    /**
     * True when {@code candidate} is a better final answer than {@code best} (0: none yet).
     * 6xx beats everything, then 4xx, then 5xx; 408 (nobody answered) is the weakest.
     */
    public static boolean better(int candidate, int best) {
        return rank(candidate) > rank(best);
    }

    private static int rank(int status) {
        if (status == 0) {
            return 0;
        }
        if (status >= 600) {
            return 5;
        }
        if (status == 408 || status == 480) {
            return 1;
        }
        if (status >= 500) {
            return 2;
        }
        if (status == 486) {
            return 4;
        }
        return 3;
    }

    /** The CDR disposition for the caller's final status. */
    public static String disposition(int status) {
        return switch (status) {
            case 486, 600 -> "busy";
            case 408, 480 -> "no-answer";
            case 487 -> "cancelled";
            case 403, 404, 484, 488, 603, 606 -> "rejected";
            default -> status < 300 ? "answered" : "failed";
        };
    }
}
