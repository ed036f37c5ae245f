package org.opensbc.sip.udp;

import gov.nist.javax.sip.stack.MessageProcessor;
import gov.nist.javax.sip.stack.SIPTransactionStack;
import java.io.IOException;
import java.net.InetAddress;
import org.opensbc.sip.admission.DropSummary;
import org.opensbc.sip.admission.InboundCounters;
import org.opensbc.sip.admission.SourceFilter;

/** Makes the gateway's UDP listener (see {@link BoundedUdpMessageProcessor}). */
public final class UdpProcessors {

    private UdpProcessors() {
    }

    /**
     * @param sources    looks at each datagram's source before it is read (banned: dropped unread)
     * @param drops      where drops are summed up for the log
     * @param workers    threads that parse and process datagrams
     * @param queueLimit datagrams waiting at most; more are shed (the senders retransmit). Sources
     *                   over their rate get three quarters of it: the last quarter is kept for
     *                   sources within their rate.
     */
    public static MessageProcessor bounded(InetAddress address, SIPTransactionStack stack, int port,
            InboundCounters counters, SourceFilter sources, DropSummary drops, int workers, int queueLimit)
            throws IOException {
        sendFromListeningSocket(stack);
        return new BoundedUdpMessageProcessor(address, stack, port, counters, sources, drops, workers, queueLimit,
                queueLimit - queueLimit / 4);
    }

    /**
     * JAIN-SIP sends UDP from the listening socket only when its own processor factory set the
     * package-private flag {@code udpFlag}; otherwise every datagram leaves from a fresh ephemeral
     * socket, which breaks NAT (keepalives open the wrong pinhole) and any peer that answers to
     * the source address (SIPp, most phones). Our factory replaces JAIN-SIP's, so it sets the flag.
     */
    private static void sendFromListeningSocket(SIPTransactionStack stack) {
        try {
            java.lang.reflect.Field flag = SIPTransactionStack.class.getDeclaredField("udpFlag");
            flag.setAccessible(true);
            flag.setBoolean(stack, true);
        } catch (ReflectiveOperationException | RuntimeException e) {
            throw new IllegalStateException("this JAIN-SIP version has no udpFlag; UDP would leave from random ports", e);
        }
    }
}
