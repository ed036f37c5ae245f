package org.opensbc.sip.tls;

import gov.nist.javax.sip.stack.NioTcpMessageProcessor;
import gov.nist.javax.sip.stack.NioTlsMessageChannel;
import gov.nist.javax.sip.stack.SIPTransactionStack;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import javax.net.ssl.SSLException;

/**
 * An outgoing TLS connection of the gateway's. JAIN-SIP creates its SSL engines without the
 * peer's address, so the certificate check could not tell one trunk from another; every byte
 * this channel decrypts (the handshake included) is processed on the reading thread, which
 * therefore knows the peer while the check runs. A failed handshake is reported once to
 * {@link TlsPeers}, so that calls waiting on it fail at once instead of timing out.
 */
final class TlsClientChannel extends NioTlsMessageChannel {

    private static final ThreadLocal<InetSocketAddress> HANDSHAKING = new ThreadLocal<>();

    private final TlsPeers peers;

    TlsClientChannel(InetAddress host, int port, SIPTransactionStack stack, NioTcpMessageProcessor processor,
            TlsPeers peers) throws IOException {
        super(host, port, stack, processor);
        this.peers = peers;
        isCached = true; // as JAIN-SIP marks the outgoing channels it caches
    }

    /** The server whose bytes this thread is decrypting now, or null. */
    static InetSocketAddress handshakePeer() {
        return HANDSHAKING.get();
    }

    @Override
    protected void addBytes(byte[] bytes) throws Exception {
        InetSocketAddress peer = new InetSocketAddress(peerAddress, peerPort);
        HANDSHAKING.set(peer);
        try {
            super.addBytes(bytes);
        } catch (SSLException e) {
            if (!isHandshakeCompleted()) {
                peers.handshakeFailed(peer, e.getMessage() == null ? e.toString() : e.getMessage());
            }
            throw e; // the stack closes the connection
        } finally {
            HANDSHAKING.remove();
        }
    }
}
