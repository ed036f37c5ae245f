package org.opensbc.media.sdp;

import java.util.ArrayList;
import java.util.List;

/** A parsed SDP body: the session-level lines and the media sections, each kept in order. */
public final class SessionDescription extends SdpSection {

    private final List<MediaDescription> media = new ArrayList<>();

    SessionDescription() {
        super("vosiuepcbtrzka");
    }

    public List<MediaDescription> media() {
        return media;
    }

    /** The session-level direction attribute, "sendrecv" when none. */
    public String direction() {
        for (String d : Directions.ALL) {
            if (hasAttribute(d)) {
                return d;
            }
        }
        return Directions.SENDRECV;
    }

    /** The o= line's fields: username, sess-id, sess-version, nettype, addrtype, address. */
    public String[] origin() {
        return value('o').orElse("- 0 0 IN IP4 0.0.0.0").trim().split("\\s+");
    }

    /** The connection address for one media section: its own c= line, else the session's. */
    public String connectionAddress(MediaDescription m) {
        return m.connectionAddress().or(this::connectionAddress).orElse("");
    }

    public SessionDescription copy() {
        SessionDescription copy = new SessionDescription();
        lines.forEach(copy::append);
        media.forEach(m -> copy.media.add(m.copy()));
        return copy;
    }

    @Override
    public String toString() {
        StringBuilder out = new StringBuilder(512);
        writeTo(out);
        for (MediaDescription m : media) {
            m.writeTo(out);
        }
        return out.toString();
    }
}
