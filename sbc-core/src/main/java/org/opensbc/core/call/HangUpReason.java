package org.opensbc.core.call;

/** Why the gateway ends an answered call itself, and who the CDR says ended it. */
public enum HangUpReason {
    /** The caller never ACKed our 2xx (the SIP stack's dialog timeout). */
    NO_ACK(EndedBy.GATEWAY),
    /** The peer's session refresh did not come (RFC 4028). */
    SESSION_EXPIRED(EndedBy.GATEWAY),
    /** A refresh or relayed re-INVITE/UPDATE timed out or got 408/481: that dialog is gone (RFC 5057). */
    DIALOG_GONE(EndedBy.GATEWAY),
    /** A transfer the gateway carried out failed half-way. */
    TRANSFER_FAILED(EndedBy.GATEWAY),
    /** No RTP or RTCP for media.timeoutSeconds. */
    MEDIA_TIMEOUT(EndedBy.MEDIA_TIMEOUT),
    /** The transferor's leg after its transfer, or the dialog an attended transfer replaced. */
    TRANSFERRED(EndedBy.TRANSFER);

    private final EndedBy endedBy;

    HangUpReason(EndedBy endedBy) {
        this.endedBy = endedBy;
    }

    public EndedBy endedBy() {
        return endedBy;
    }
}
