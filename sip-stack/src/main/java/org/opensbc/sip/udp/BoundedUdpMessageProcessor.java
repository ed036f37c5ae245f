package org.opensbc.sip.udp;

import gov.nist.javax.sip.stack.DatagramQueuedMessageDispatch;
import gov.nist.javax.sip.stack.SIPTransactionStack;
import gov.nist.javax.sip.stack.UDPMessageProcessor;
import java.io.IOException;
import java.net.DatagramPacket;
import java.net.InetAddress;
import java.util.Arrays;
import java.util.LinkedList;
import org.opensbc.sip.admission.DropSummary;
import org.opensbc.sip.admission.InboundCounters;
import org.opensbc.sip.admission.SourceFilter;
import org.opensbc.sip.pipeline.Stage;
import org.opensbc.sip.pipeline.StageResult;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * JAIN-SIP's UDP listener with its receive loop replaced. The original allocates a buffer of the
 * stack's maximum message size for every datagram and queues it without bound: tens of MB/s of
 * garbage at a few thousand messages per second, and an OutOfMemoryError under overload that
 * silently kills the listener. Here one buffer is reused, and each datagram's source is looked
 * up ({@link SourceFilter}) before anything else is done with it: a banned source's datagrams
 * are dropped unread, so a flood costs a receive and a lookup each instead of a parse and a
 * place in the queue (a 10,000/s flood used to delay other sources' answers past their
 * retransmission timers). The rest are queued as exact-size copies in a {@link LaneQueue} that
 * keeps a share for sources within their rate; what does not fit is shed and counted. Drops
 * are counted and summed up in the log ({@link DropSummary}), never logged one by one. The
 * worker threads and all SIP processing are JAIN-SIP's own.
 */
final class BoundedUdpMessageProcessor extends UDPMessageProcessor {

    private static final Logger LOG = LoggerFactory.getLogger(BoundedUdpMessageProcessor.class);
    private static final int MAX_DATAGRAM = 65_535;

    private final InboundCounters counters;
    private final SourceFilter sources;
    private final DropSummary drops;
    private final int workers;
    private final LaneQueue queue;
    private boolean filterFailed;
    /** The reader thread's buffer for STUN keepalive answers (at most 20 + 24 bytes). */
    private final byte[] stunAnswer = new byte[64];

    /** @param sharedLimit the queue length up to which sources over their rate are let in */
    BoundedUdpMessageProcessor(InetAddress address, SIPTransactionStack stack, int port, InboundCounters counters,
            SourceFilter sources, DropSummary drops, int workers, int queueLimit, int sharedLimit) throws IOException {
        super(address, stack, port);
        this.counters = counters;
        this.sources = sources;
        this.drops = drops;
        this.workers = workers;
        this.queue = new LaneQueue(queueLimit, sharedLimit, stack.getStackCongestionControlTimeout(),
                System::currentTimeMillis, d -> {
                    counters.expired();
                    drops.record(d.packet.getAddress(), DropSummary.Reason.EXPIRED);
                });
        // The workers take from this field; the stack's congestion auditor keeps watching the
        // (now always empty) queue it was given, the lane queue expires old datagrams itself.
        messageQueue = queue;
    }

    @Override
    @SuppressWarnings("unchecked")
    public void run() {
        messageChannels = new LinkedList<>();
        for (int i = 0; i < workers; i++) {
            messageChannels.add(new UdpWorkerChannel(sipStack, this, "udp-worker-" + getPort() + "-" + i));
        }
        byte[] buffer = new byte[MAX_DATAGRAM];
        DatagramPacket packet = new DatagramPacket(buffer, buffer.length);
        while (isRunning) {
            packet.setData(buffer); // the whole buffer again: receive() shrank the length
            try {
                sock.receive(packet);
            } catch (IOException e) {
                if (isRunning) {
                    LOG.warn("UDP receive on port {} failed: {}", getPort(), e.toString());
                }
                continue;
            }
            InetAddress source = packet.getAddress();
            SourceFilter.Admission admission = admission(source);
            if (admission == SourceFilter.Admission.DROP) {
                counters.blocked();
                counters.blockedUnread();
                counters.decided(Stage.ACCESS, StageResult.DROP); // the access stage's decision, taken before the parse
                drops.record(source, DropSummary.Reason.BANNED);
                continue;
            }
            if (StunKeepalive.isBindingRequest(buffer, packet.getLength())) {
                answerKeepalive(buffer, packet);
                continue;
            }
            boolean firstLane = admission == SourceFilter.Admission.ADMIT;
            if (!firstLane) {
                counters.overRate();
            }
            if (!queue.hasRoom(firstLane)) {
                counters.shed();
                drops.record(source, DropSummary.Reason.SHED);
                continue;
            }
            byte[] copy = Arrays.copyOf(buffer, packet.getLength());
            queue.add(new DatagramQueuedMessageDispatch(new DatagramPacket(copy, copy.length, source, packet.getPort()),
                    System.currentTimeMillis()), firstLane);
        }
    }

    /** RFC 5626 keepalive: the STUN answer goes straight back from the reader, never parsed as SIP. */
    private void answerKeepalive(byte[] request, DatagramPacket packet) {
        int length = StunKeepalive.success(request, packet.getAddress(), packet.getPort(), stunAnswer);
        try {
            sock.send(new DatagramPacket(stunAnswer, length, packet.getAddress(), packet.getPort()));
        } catch (IOException e) {
            LOG.debug("STUN keepalive answer to {} failed: {}", packet.getAddress(), e.toString());
        }
    }

    /** The filter's answer; a filter that fails lets everything in rather than stop the listener. */
    private SourceFilter.Admission admission(InetAddress source) {
        try {
            return sources.admit(source);
        } catch (RuntimeException e) {
            if (!filterFailed) {
                filterFailed = true;
                LOG.error("source filter failed, letting datagrams in unfiltered (logged once)", e);
            }
            return SourceFilter.Admission.ADMIT;
        }
    }
}
