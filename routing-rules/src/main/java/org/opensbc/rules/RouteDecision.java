package org.opensbc.rules;

/** Where a request goes, as decided by routing. */
public sealed interface RouteDecision {

    /** To the registered contacts of a local address of record. */
    record LocalUser(String aor) implements RouteDecision { }

    /** To a configured trunk (PBX, carrier), by name. */
    record Trunk(String name) implements RouteDecision { }

    /** Refuse with a final status (3xx-6xx) and reason. */
    record Reject(int status, String reason) implements RouteDecision {
        public Reject {
            if (status < 300 || status > 699) {
                throw new IllegalArgumentException("a rejection needs a 3xx-6xx status: " + status);
            }
        }
    }
}
