package org.opensbc.media.relay;

/**
 * The relay cannot carry the media a description asks for. {@link #warning()} is the text for a
 * SIP Warning header (RFC 3261 section 20.43), {@link #retryable()} says whether the cause is
 * the relay's (out of ports: 503) rather than the description's (488).
 */
public final class MediaException extends Exception {

    private final int warnCode;
    private final boolean retryable;

    public MediaException(int warnCode, String message, boolean retryable) {
        super(message);
        this.warnCode = warnCode;
        this.retryable = retryable;
    }

    /** 3xx warn-code: 304 media type not available, 305 incompatible format, 399 other. */
    public int warnCode() {
        return warnCode;
    }

    public boolean retryable() {
        return retryable;
    }
}
