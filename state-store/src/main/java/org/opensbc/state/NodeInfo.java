package org.opensbc.state;

import java.util.Map;

/**
 * One gateway node as the others see it through its heartbeat.
 *
 * @param id              stable for the process's life (configured, or generated at start)
 * @param sipAddress      "host:port" where the other nodes send it requests for flows it owns (UDP)
 * @param adminAddress    "host:port" of its admin API
 * @param startedAtMillis when the process started
 * @param heartbeatAtMillis when this heartbeat was published
 * @param load            figures it reports (calls, bindings, cpu percent...), by name
 */
public record NodeInfo(String id, String sipAddress, String adminAddress, long startedAtMillis,
        long heartbeatAtMillis, Map<String, Long> load) { }
