package org.opensbc.core.call;

import java.util.Locale;

/**
 * Where a call is in its life (the gateway's view of both dialogs together).
 *
 * <pre>
 * RINGING --fork 2xx--> ANSWERED --caller's ACK--> CONFIRMED
 *    |                      |                          |
 *    +--- failure, CANCEL, ring timeout, BYE, timeouts, flow closed ---> ENDED
 * </pre>
 */
public enum CallState {
    /** The caller's INVITE is unanswered; forks are being tried (or a trunk failed over to). */
    RINGING,
    /** A fork answered and the caller got our 2xx; its ACK has not come (RFC 3261 13.3.1.4). */
    ANSWERED,
    /** The caller ACKed: the call is up. */
    CONFIRMED,
    /** Over: the CDR is written, nothing more is sent for it. */
    ENDED;

    /** Answered, with or without the caller's ACK: in-dialog requests are relayed. */
    public boolean isUp() {
        return this == ANSWERED || this == CONFIRMED;
    }

    /** The name the admin API shows (ringing, answered, ended): the ACK is no news to operators. */
    public String viewName() {
        return (this == CONFIRMED ? ANSWERED : this).name().toLowerCase(Locale.ROOT);
    }
}
