package org.opensbc.sip.tcp;

import gov.nist.javax.sip.stack.NIOHandler;
import gov.nist.javax.sip.stack.NioTcpMessageProcessor;
import gov.nist.javax.sip.stack.SIPTransactionStack;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.channels.SocketChannel;

/**
 * Fixes JAIN-SIP's outgoing TCP and TLS connections (RestComm/jain-sip#188, usnistgov/jsip#77).
 *
 * <p>{@code NIOHandler.openOutgoingConnection} never marks a new connection as established, so
 * its {@code finally} takes the socket it just opened out of the connection table again. A new
 * client channel then holds a socket the handler no longer knows: the first send opens a second
 * connection, the channel swaps to it, and the first one (where the peer may already be
 * answering) is closed. Putting the socket back keeps one connection per peer, as intended.
 */
public final class ConnectionKeepingNioHandler extends NIOHandler {

    public ConnectionKeepingNioHandler(SIPTransactionStack stack, NioTcpMessageProcessor processor) {
        super(stack, processor);
    }

    @Override
    public SocketChannel createOrReuseSocket(InetAddress address, int port) throws IOException {
        SocketChannel channel = super.createOrReuseSocket(address, port);
        String key = makeKey(address, port);
        if (channel != null && channel.isOpen() && getSocket(key) == null) {
            putSocket(key, channel);
        }
        return channel;
    }
}
