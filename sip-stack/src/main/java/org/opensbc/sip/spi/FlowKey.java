package org.opensbc.sip.spi;

import java.net.InetSocketAddress;

/**
 * Names one connection-oriented flow, "WSS:192.0.2.1:50321", the way the gateway stores it on a
 * registration binding and the way the stack reports its closing.
 */
public record FlowKey(String transport, String host, int port) {

    public static FlowKey of(String transport, InetSocketAddress remote) {
        return new FlowKey(transport.toUpperCase(java.util.Locale.ROOT),
                remote.getAddress().getHostAddress(), remote.getPort());
    }

    @Override
    public String toString() {
        return transport + ":" + host + ":" + port;
    }
}
