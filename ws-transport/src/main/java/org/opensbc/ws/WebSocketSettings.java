package org.opensbc.ws;

import java.net.InetSocketAddress;
import java.time.Duration;

/**
 * One WebSocket listener.
 *
 * @param bind           address and port to listen on
 * @param secure         true for WSS (TLS), false for plain WS
 * @param keyManager     the certificate and key to serve (WSS only); asked at every handshake, so a
 *                       key manager that swaps its pair makes new connections use the new one
 * @param pingInterval   idle time after which the gateway sends a WebSocket ping
 * @param idleTimeout    time without any frame (a pong counts) after which the flow is closed
 * @param maxFrameBytes  largest WebSocket message accepted before the connection is closed (1009)
 */
public record WebSocketSettings(InetSocketAddress bind, boolean secure, javax.net.ssl.X509KeyManager keyManager,
        Duration pingInterval, Duration idleTimeout, int maxFrameBytes) {

    public WebSocketSettings {
        if (secure && keyManager == null) {
            throw new IllegalArgumentException("WSS needs a certificate and a private key");
        }
        if (idleTimeout.compareTo(pingInterval) <= 0) {
            throw new IllegalArgumentException("idleTimeout must exceed pingInterval");
        }
    }

    public String transport() {
        return secure ? "WSS" : "WS";
    }
}
