package org.opensbc.core.call;

/** Who ended a call, as the CDR's endedBy field spells it. */
public enum EndedBy {
    CALLER("caller"),
    CALLEE("callee"),
    GATEWAY("gateway"),
    SHUTDOWN("shutdown"),
    MEDIA_TIMEOUT("media-timeout"),
    TRANSFER("transfer"),
    /** The gateway died with the call up; the next run ended it from its stored record. */
    RESTART("restart");

    private final String cdrName;

    EndedBy(String cdrName) {
        this.cdrName = cdrName;
    }

    public String cdrName() {
        return cdrName;
    }
}
