package org.opensbc.rules.parse;

import java.util.Map;

/** RFC 3261 reason phrases, for a reject that names only its code. */
final class Reasons {

    private static final Map<Integer, String> PHRASES = Map.ofEntries(Map.entry(400, "Bad Request"),
            Map.entry(403, "Forbidden"), Map.entry(404, "Not Found"), Map.entry(408, "Request Timeout"),
            Map.entry(410, "Gone"), Map.entry(480, "Temporarily Unavailable"), Map.entry(484, "Address Incomplete"),
            Map.entry(486, "Busy Here"), Map.entry(488, "Not Acceptable Here"), Map.entry(500, "Server Internal Error"),
            Map.entry(503, "Service Unavailable"), Map.entry(603, "Decline"), Map.entry(604, "Does Not Exist Anywhere"));

    private Reasons() {
    }

    static String of(int code) {
        return PHRASES.getOrDefault(code, "Rejected");
    }
}
