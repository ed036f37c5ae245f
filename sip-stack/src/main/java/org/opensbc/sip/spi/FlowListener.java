package org.opensbc.sip.spi;

/** What a stream transport tells the SIP stack. Called from transport I/O threads; must not block. */
public interface FlowListener {

    void flowOpened(StreamFlow flow);

    /** One complete SIP message as received (a WebSocket message, say). */
    void messageReceived(StreamFlow flow, byte[] message);

    void flowClosed(StreamFlow flow);
}
