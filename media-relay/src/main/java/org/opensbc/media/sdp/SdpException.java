package org.opensbc.media.sdp;

/** An SDP body that cannot be read: the message names the line. */
public final class SdpException extends Exception {

    private final int line;

    public SdpException(int line, String message) {
        super("SDP line " + line + ": " + message);
        this.line = line;
    }

    /** 1-based line number in the body; 0 when the body as a whole is at fault. */
    public int line() {
        return line;
    }
}
