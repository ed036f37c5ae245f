package org.opensbc.media.sdp;

import java.util.List;

/** The RFC 3264 direction attributes. */
public final class Directions {

    public static final String SENDRECV = "sendrecv";
    public static final String SENDONLY = "sendonly";
    public static final String RECVONLY = "recvonly";
    public static final String INACTIVE = "inactive";
    static final List<String> ALL = List.of(SENDRECV, SENDONLY, RECVONLY, INACTIVE);

    private Directions() {
    }

    public static boolean isDirection(String attributeName) {
        return ALL.contains(attributeName);
    }

    /** The direction as seen from the other end: sendonly becomes recvonly and back. */
    public static String reverse(String direction) {
        return switch (direction) {
            case SENDONLY -> RECVONLY;
            case RECVONLY -> SENDONLY;
            default -> direction;
        };
    }
}
