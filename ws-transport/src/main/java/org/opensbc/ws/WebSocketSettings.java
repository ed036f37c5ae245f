package org.opensbc.ws;

import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;

/**
 * One WebSocket listener.
 *
 * @param bind           address and port to listen on
 * @param secure         true for WSS (TLS), false for plain WS
 * @param certificatePem PEM certificate chain (WSS only)
 * @param privateKeyPem  PEM PKCS#8 private key (WSS only)
 * @param pingInterval   idle time after which the gateway sends a WebSocket ping
 * @param idleTimeout    time without any frame (a pong counts) after which the flow is closed
 * @param maxFrameBytes  largest WebSocket message accepted before the connection is closed (1009)
 */
public record WebSocketSettings(InetSocketAddress bind, boolean secure, Path certificatePem,
        Path privateKeyPem, Duration pingInterval, Duration idleTimeout, int maxFrameBytes) {

    public WebSocketSettings {
        if (secure && (certificatePem == null || privateKeyPem == null)) {
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
