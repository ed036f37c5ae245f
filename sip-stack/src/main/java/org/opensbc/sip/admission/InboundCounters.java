package org.opensbc.sip.admission;

import org.opensbc.sip.pipeline.Stage;
import org.opensbc.sip.pipeline.StageDecisions;
import org.opensbc.sip.pipeline.StageResult;

/**
 * What the stack adapter counts about bad input, and which stage of the inbound pipeline decided
 * what ({@link StageDecisions}); the gateway backs it with metrics. Thread-safe.
 */
public interface InboundCounters extends StageDecisions {

    /** A message that did not parse (answered 400 if it was a request, else dropped). */
    void malformed();

    /** A message over the size limit (answered 513 if it was a request, else dropped). */
    void oversized();

    /** A message dropped unanswered: its source is banned, blocked by an ACL, or a known scanner. */
    void blocked();

    /** A request refused by the ACL with a final status (a method its source may not send). */
    void refused();

    /** A datagram dropped unread because the receive queue was full (overload). */
    void shed();

    /**
     * A datagram dropped by the UDP reader before it was parsed: its source is banned. Also
     * counted as {@link #blocked()}.
     */
    void blockedUnread();

    /** A datagram from a source over its rate (not banned), let into the shared part of the queue only. */
    void overRate();

    /** A datagram dropped unprocessed after waiting too long in the receive queue (overload). */
    void expired();

    /** A response with no transaction left (a retransmission, answered from the dialog or dropped). */
    void strayResponse();

    InboundCounters NONE = new InboundCounters() {
        @Override public void malformed() { }
        @Override public void oversized() { }
        @Override public void blocked() { }
        @Override public void refused() { }
        @Override public void shed() { }
        @Override public void blockedUnread() { }
        @Override public void overRate() { }
        @Override public void expired() { }
        @Override public void strayResponse() { }
        @Override public void decided(Stage stage, StageResult result) { }
    };
}
