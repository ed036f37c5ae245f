package org.opensbc.sip.udp;

import gov.nist.javax.sip.stack.MessageProcessor;
import gov.nist.javax.sip.stack.SIPTransactionStack;
import java.io.IOException;
import java.net.InetAddress;
import org.opensbc.sip.guard.InboundCounters;

/** Makes the gateway's UDP listener (see {@link BoundedUdpMessageProcessor}). */
public final class UdpProcessors {

    private UdpProcessors() {
    }

    /**
     * @param workers    threads that parse and process datagrams
     * @param queueLimit datagrams waiting at most; more are shed (the senders retransmit)
     */
    public static MessageProcessor bounded(InetAddress address, SIPTransactionStack stack, int port,
            InboundCounters counters, int workers, int queueLimit) throws IOException {
        return new BoundedUdpMessageProcessor(address, stack, port, counters, workers, queueLimit);
    }
}
