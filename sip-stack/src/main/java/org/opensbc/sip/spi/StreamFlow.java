package org.opensbc.sip.spi;

import java.net.InetSocketAddress;

/**
 * One connection of a stream transport (a WebSocket, say) that carries whole SIP messages.
 * Implementations are thread-safe: the SIP stack sends from its own threads.
 */
public interface StreamFlow {

    /** SIP transport token of this flow, as it appears in Via: "WS" or "WSS". */
    String transport();

    InetSocketAddress remoteAddress();

    InetSocketAddress localAddress();

    /** Queues one complete SIP message; silently dropped if the flow has closed. */
    void send(byte[] message);

    void close();

    boolean isOpen();
}
