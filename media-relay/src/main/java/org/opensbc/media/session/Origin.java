package org.opensbc.media.session;

import java.util.concurrent.ThreadLocalRandom;

/**
 * The gateway's o= line towards one side: one session id for the call, a version that goes up
 * each time the description sent changes and stays when it is sent again unchanged (RFC 3264
 * section 8).
 */
public final class Origin {

    private final long sessionId = ThreadLocalRandom.current().nextLong(1, Long.MAX_VALUE / 2);
    private long version = sessionId;
    private String lastSent;

    /** The o= value for a description whose other lines render as {@code body}. */
    public String next(String body, String advertised) {
        if (lastSent != null && !lastSent.equals(body)) {
            version++;
        }
        lastSent = body;
        return "opensbc " + sessionId + " " + version + " " + SdpAnchoring.connection(advertised);
    }
}
