package org.opensbc.sip.udp;

import gov.nist.javax.sip.stack.DatagramQueuedMessageDispatch;
import gov.nist.javax.sip.stack.SIPTransactionStack;
import gov.nist.javax.sip.stack.UDPMessageProcessor;
import java.io.IOException;
import java.net.DatagramPacket;
import java.net.InetAddress;
import java.util.Arrays;
import java.util.LinkedList;
import org.opensbc.sip.guard.InboundCounters;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * JAIN-SIP's UDP listener with its receive loop replaced. The original allocates a buffer of the
 * stack's maximum message size for every datagram and queues it without bound: tens of MB/s of
 * garbage at a few thousand messages per second, and an OutOfMemoryError under overload that
 * silently kills the listener. Here one buffer is reused, each datagram is queued as an
 * exact-size copy, and datagrams arriving while the queue is full are shed and counted. The
 * worker threads and all SIP processing are JAIN-SIP's own.
 */
final class BoundedUdpMessageProcessor extends UDPMessageProcessor {

    private static final Logger LOG = LoggerFactory.getLogger(BoundedUdpMessageProcessor.class);
    private static final int MAX_DATAGRAM = 65_535;

    private final InboundCounters counters;
    private final int workers;
    private final int queueLimit;

    BoundedUdpMessageProcessor(InetAddress address, SIPTransactionStack stack, int port, InboundCounters counters,
            int workers, int queueLimit) throws IOException {
        super(address, stack, port);
        this.counters = counters;
        this.workers = workers;
        this.queueLimit = queueLimit;
    }

    @Override
    @SuppressWarnings("unchecked")
    public void run() {
        messageChannels = new LinkedList<>();
        for (int i = 0; i < workers; i++) {
            messageChannels.add(new UdpWorkerChannel(sipStack, this, "udp-worker-" + getPort() + "-" + i));
        }
        byte[] buffer = new byte[MAX_DATAGRAM];
        while (isRunning) {
            DatagramPacket packet = new DatagramPacket(buffer, buffer.length);
            try {
                sock.receive(packet);
            } catch (IOException e) {
                if (isRunning) {
                    LOG.warn("UDP receive on port {} failed: {}", getPort(), e.toString());
                }
                continue;
            }
            if (messageQueue.size() >= queueLimit) {
                counters.shed();
                continue;
            }
            byte[] copy = Arrays.copyOf(buffer, packet.getLength());
            messageQueue.offer(new DatagramQueuedMessageDispatch(
                    new DatagramPacket(copy, copy.length, packet.getAddress(), packet.getPort()), System.currentTimeMillis()));
        }
    }
}
