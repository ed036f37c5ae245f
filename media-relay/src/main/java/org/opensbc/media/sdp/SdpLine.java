package org.opensbc.media.sdp;

/** One {@code type=value} line of an SDP body (RFC 8866 section 5). */
public record SdpLine(char type, String value) {

    @Override
    public String toString() {
        return type + "=" + value;
    }
}
