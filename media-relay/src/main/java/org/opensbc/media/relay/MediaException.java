package org.opensbc.media.relay;

/**
 * The relay cannot carry the media a description asks for. Its message is the text for a
 * SIP Warning header (RFC 3261 section 20.43), {@link #retryable()} says whether the cause is
 * the relay's (out of ports: 503) rather than the description's (488). Made through the named
 * factories, one per warn-code and cause, so a call site says why rather than which number.
 */
public final class MediaException extends Exception {

    /** RFC 3261 warn-codes the relay uses. */
    private static final int MEDIA_TYPE_NOT_AVAILABLE = 304;
    private static final int INCOMPATIBLE_MEDIA_FORMAT = 305;
    private static final int MISCELLANEOUS = 399;

    private final int warnCode;
    private final boolean retryable;

    private MediaException(int warnCode, String message, boolean retryable) {
        super(message);
        this.warnCode = warnCode;
        this.retryable = retryable;
    }

    /** 304: the description has no stream the relay can carry. */
    public static MediaException mediaTypeNotAvailable(String message) {
        return new MediaException(MEDIA_TYPE_NOT_AVAILABLE, message, false);
    }

    /** 305: a stream the relay cannot accept as described (missing ICE/DTLS, a profile switch). */
    public static MediaException incompatibleFormat(String message) {
        return new MediaException(INCOMPATIBLE_MEDIA_FORMAT, message, false);
    }

    /**
     * 399, the relay's own failure (out of ports, a codec or ICE agent that did not start): the
     * same request may succeed later or elsewhere (503).
     */
    public static MediaException relayFailure(String message) {
        return new MediaException(MISCELLANEOUS, message, true);
    }

    /** 399, a description that comes at the wrong time (after close, an answer before any offer): 488. */
    public static MediaException outOfOrder(String message) {
        return new MediaException(MISCELLANEOUS, message, false);
    }

    /** 3xx warn-code: 304 media type not available, 305 incompatible format, 399 other. */
    public int warnCode() {
        return warnCode;
    }

    public boolean retryable() {
        return retryable;
    }
}
