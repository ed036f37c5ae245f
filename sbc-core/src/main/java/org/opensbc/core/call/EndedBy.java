package org.opensbc.core.call;

/** Who ended a call, as the CDR's endedBy field spells it. */
public enum EndedBy {
    CALLER("caller"),
    CALLEE("callee"),
    GATEWAY("gateway"),
    SHUTDOWN("shutdown"),
    MEDIA_TIMEOUT("media-timeout"),
    TRANSFER("transfer");

    private final String cdrName;

    EndedBy(String cdrName) {
        this.cdrName = cdrName;
    }

    public String cdrName() {
        return cdrName;
    }
}
