package org.opensbc.sip.spi;

import java.io.IOException;
import java.net.InetSocketAddress;

/**
 * A message-oriented stream transport that lives outside the SIP stack (Netty WebSocket, say)
 * and feeds it through {@link FlowListener}. The SIP stack owns transactions and dialogs.
 */
public interface FlowTransport {

    /** "WS" or "WSS". */
    String transport();

    /** Starts listening; returns the bound address (the port is real even if 0 was asked). */
    InetSocketAddress start(FlowListener listener) throws IOException;

    void stop();
}
