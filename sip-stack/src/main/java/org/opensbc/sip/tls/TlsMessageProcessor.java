package org.opensbc.sip.tls;

import gov.nist.core.HostPort;
import gov.nist.javax.sip.stack.ConnectionOrientedMessageChannel;
import gov.nist.javax.sip.stack.MessageChannel;
import gov.nist.javax.sip.stack.NioTlsMessageProcessor;
import gov.nist.javax.sip.stack.SIPTransactionStack;
import java.io.IOException;
import java.net.InetAddress;
import org.opensbc.sip.tcp.ConnectionKeepingNioHandler;

/**
 * JAIN-SIP's NIO TLS listener with outgoing connections that work: the same connection-table fix
 * as TCP ({@link ConnectionKeepingNioHandler}; without it each TLS record of the handshake went out
 * on a new connection, endlessly), and outgoing channels of our own ({@link TlsClientChannel}) so
 * that a server's certificate is checked knowing which server it is.
 */
public final class TlsMessageProcessor extends NioTlsMessageProcessor {

    private final TlsPeers peers;

    public TlsMessageProcessor(InetAddress address, SIPTransactionStack stack, int port, TlsPeers peers) {
        super(address, stack, port);
        this.peers = peers;
        nioHandler = new ConnectionKeepingNioHandler(stack, this);
    }

    @Override
    public MessageChannel createMessageChannel(HostPort target) throws IOException {
        return createMessageChannel(target.getInetAddress(), target.getPort());
    }

    @Override
    public MessageChannel createMessageChannel(InetAddress host, int port) throws IOException {
        MessageChannel existing = messageChannels.get(MessageChannel.getKey(host, port, transport));
        return existing != null ? existing : newClientChannel(host, port);
    }

    /** As JAIN-SIP's own: one channel per peer, created under the processor's lock. */
    private synchronized MessageChannel newClientChannel(InetAddress host, int port) throws IOException {
        String key = MessageChannel.getKey(host, port, transport);
        ConnectionOrientedMessageChannel existing = messageChannels.get(key);
        if (existing != null) {
            return existing;
        }
        TlsClientChannel channel = new TlsClientChannel(host, port, sipStack, this, peers);
        messageChannels.put(key, channel);
        return channel;
    }
}
