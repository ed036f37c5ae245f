package org.opensbc.sip.tcp;

import gov.nist.javax.sip.stack.NioTcpMessageProcessor;
import gov.nist.javax.sip.stack.SIPTransactionStack;
import java.net.InetAddress;

/**
 * JAIN-SIP's NIO TCP listener with {@link ConnectionKeepingNioHandler} in place of its own
 * handler, so that a request to a peer we have no connection with is sent on the connection
 * opened for it (RFC 3261 18.1.1 switches large requests to TCP; a TCP trunk needs it too).
 */
public final class TcpMessageProcessor extends NioTcpMessageProcessor {

    public TcpMessageProcessor(InetAddress address, SIPTransactionStack stack, int port) {
        super(address, stack, port);
        nioHandler = new ConnectionKeepingNioHandler(stack, this);
    }
}
