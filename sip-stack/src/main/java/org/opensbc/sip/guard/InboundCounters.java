package org.opensbc.sip.guard;

/** What the stack adapter counts about bad input; the gateway backs it with metrics. Thread-safe. */
public interface InboundCounters {

    /** A message that did not parse (answered 400 if it was a request, else dropped). */
    void malformed();

    /** A message over the size limit (answered 513 if it was a request, else dropped). */
    void oversized();

    /** A message dropped because its source is banned. */
    void blocked();

    InboundCounters NONE = new InboundCounters() {
        @Override public void malformed() { }
        @Override public void oversized() { }
        @Override public void blocked() { }
    };
}
