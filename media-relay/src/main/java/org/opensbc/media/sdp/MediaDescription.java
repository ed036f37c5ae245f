package org.opensbc.media.sdp;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** One {@code m=} section: the media line's fields and the lines under it. */
public final class MediaDescription extends SdpSection {

    private String media;
    private int port;
    /** The "/2" of {@code m=audio 49170/2 ...}; 0 when absent. */
    private int portCount;
    private String proto;
    private final List<String> formats;

    MediaDescription(String media, int port, int portCount, String proto, List<String> formats) {
        super("micbka");
        this.media = media;
        this.port = port;
        this.portCount = portCount;
        this.proto = proto;
        this.formats = new ArrayList<>(formats);
    }

    /** "audio", "video", "application"... */
    public String media() {
        return media;
    }

    public int port() {
        return port;
    }

    public void setPort(int port) {
        this.port = port;
        this.portCount = 0;
    }

    /** Port 0: the stream is rejected or disabled (RFC 3264 section 6). */
    public boolean isRejected() {
        return port == 0;
    }

    public String proto() {
        return proto;
    }

    public void setProto(String proto) {
        this.proto = proto;
    }

    /** Payload types (for RTP protos), in preference order. */
    public List<String> formats() {
        return List.copyOf(formats);
    }

    public void setFormats(List<String> formats) {
        this.formats.clear();
        this.formats.addAll(formats);
    }

    /** The {@code a=rtpmap} encoding of a payload type, e.g. "PCMU/8000", or empty. */
    public Optional<String> rtpmap(String payloadType) {
        for (String map : attributes("rtpmap")) {
            int space = map.indexOf(' ');
            if (space > 0 && map.substring(0, space).equals(payloadType)) {
                return Optional.of(map.substring(space + 1).trim());
            }
        }
        return Optional.empty();
    }

    /** The stream's direction attribute; "sendrecv" when none is given here or in {@code session}. */
    public String direction(SessionDescription session) {
        for (String d : Directions.ALL) {
            if (hasAttribute(d)) {
                return d;
            }
        }
        return session.direction();
    }

    public MediaDescription copy() {
        MediaDescription copy = new MediaDescription(media, port, portCount, proto, formats);
        lines.forEach(copy::append);
        return copy;
    }

    @Override
    void writeTo(StringBuilder out) {
        out.append("m=").append(media).append(' ').append(port);
        if (portCount > 0) {
            out.append('/').append(portCount);
        }
        out.append(' ').append(proto);
        for (String format : formats) {
            out.append(' ').append(format);
        }
        out.append("\r\n");
        super.writeTo(out);
    }
}
