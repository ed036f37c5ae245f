package org.opensbc.sip.udp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import gov.nist.javax.sip.stack.DatagramQueuedMessageDispatch;
import java.net.DatagramPacket;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** The receive queue's two lanes: a share kept for sources within their rate, served first; old datagrams expire. */
class LaneQueueTest {

    private final AtomicLong now = new AtomicLong(1_000_000);
    private final List<DatagramQueuedMessageDispatch> expired = new ArrayList<>();
    private final LaneQueue queue = new LaneQueue(8, 6, 2000, now::get, expired::add);

    private DatagramQueuedMessageDispatch datagram(int n) throws Exception {
        byte[] b = {(byte) n};
        return new DatagramQueuedMessageDispatch(new DatagramPacket(b, 1, InetAddress.getLoopbackAddress(), 5060), now.get());
    }

    @Test
    void aFloodOverItsRateCannotTakeTheShareKeptForOthers() throws Exception {
        int shared = 0;
        for (int i = 0; i < 100; i++) { // a source over its rate sends far more than the queue holds
            if (queue.hasRoom(false) && queue.add(datagram(i), false)) {
                shared++;
            }
        }
        assertEquals(6, shared, "the shared part only");
        assertFalse(queue.add(datagram(100), false));
        assertTrue(queue.hasRoom(true), "room left for sources within their rate");
        assertTrue(queue.add(datagram(101), true));
        assertTrue(queue.add(datagram(102), true));
        assertFalse(queue.hasRoom(true), "the whole queue is full now");
        assertFalse(queue.add(datagram(103), true));
        assertEquals(8, queue.size());
        assertEquals(8 - 8, queue.remainingCapacity());
    }

    @Test
    void sourcesWithinTheirRateAreServedFirst() throws Exception {
        DatagramQueuedMessageDispatch flood1 = datagram(1);
        DatagramQueuedMessageDispatch flood2 = datagram(2);
        DatagramQueuedMessageDispatch phone = datagram(3);
        queue.add(flood1, false);
        queue.add(flood2, false);
        queue.add(phone, true);
        assertSame(phone, queue.take(), "queued last, served first");
        assertSame(flood1, queue.take(), "each lane in order");
        assertSame(flood2, queue.poll());
        assertNull(queue.poll());
        assertTrue(queue.isEmpty());
    }

    @Test
    void datagramsThatWaitedTooLongAreDroppedAndReported() throws Exception {
        DatagramQueuedMessageDispatch old = datagram(1);
        queue.add(old, true);
        now.addAndGet(1500);
        DatagramQueuedMessageDispatch recent = datagram(2);
        queue.add(recent, false);
        now.addAndGet(600); // old has waited 2.1 s, recent 0.6 s
        assertSame(recent, queue.take());
        assertEquals(List.of(old), expired);
        assertEquals(0, queue.size());
    }

    @Test
    void aWorkerWaitsForTheNextDatagram() throws Exception {
        DatagramQueuedMessageDispatch d = datagram(1);
        Thread reader = new Thread(() -> {
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                return;
            }
            queue.add(d, true);
        });
        reader.start();
        assertSame(d, queue.poll(5, TimeUnit.SECONDS));
        assertNull(queue.poll(10, TimeUnit.MILLISECONDS), "nothing more: times out");
        reader.join();
    }

    @Test
    void aWorkerWaitingOnAnEmptyQueueCanBeStopped() throws Exception {
        Thread worker = new Thread(() -> {
            try {
                queue.take();
            } catch (InterruptedException expected) {
                Thread.currentThread().interrupt();
            }
        });
        worker.start();
        Thread.sleep(50);
        worker.interrupt(); // what stopping the stack does to its workers
        worker.join(5000);
        assertFalse(worker.isAlive());
    }
}
