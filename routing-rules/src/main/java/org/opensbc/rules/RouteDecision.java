package org.opensbc.rules;

import java.util.List;

/** Where a request goes, as decided by routing. */
public sealed interface RouteDecision {

    /** To the registered contacts of a local address of record (user@domain). */
    record LocalUser(String aor) implements RouteDecision { }

    /**
     * To trunks, tried in this order until one takes the call (a group's failover order, or its
     * weighted draw); the gateway skips those that are down or full.
     *
     * @param group the trunk group's name, or null for a single trunk
     */
    record Trunks(String group, List<String> trunks) implements RouteDecision {
        public Trunks {
            if (trunks.isEmpty()) {
                throw new IllegalArgumentException("a trunk route needs at least one trunk");
            }
            trunks = List.copyOf(trunks);
        }
    }

    /** Refuse with a final status (3xx-6xx) and reason. */
    record Reject(int status, String reason) implements RouteDecision {
        public Reject {
            if (status < 300 || status > 699) {
                throw new IllegalArgumentException("a rejection needs a 3xx-6xx status: " + status);
            }
        }
    }
}
