package org.opensbc.media.bench;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * The RTP load generator: plain UDP endpoints that send 172-byte RTP packets (PCMU-sized) at a
 * paced total rate to a relay, and receive what the relay forwards. Each packet carries its
 * stream, sequence and send time, so loss and one-way latency are exact. Bounded: a fixed number
 * of packets per stream, a fixed duration.
 */
final class RtpLoad implements AutoCloseable {

    static final int PACKET = 172;
    /** The sender's pacing interval: at 80,000 packets/s, 16 packets a tick. */
    private static final long TICK_NANOS = 200_000;

    /** Something that sends a plain RTP packet towards the relay (a UDP socket, or a WebRTC peer that encrypts). */
    interface Sender {
        boolean send(ByteBuffer packet) throws IOException;

        int stream();

        /** Sequence numbers go on across runs, as a real stream's do (SRTP refuses replays). */
        int nextSequence();
    }

    /** Where packets that arrived after their trip are reported, from any thread. */
    static final class Sink {
        final LatencyHistogram latency = new LatencyHistogram();
        long received;

        synchronized void arrived(ByteBuffer packet, long now) {
            if (packet.remaining() >= 20) {
                latency.record(now - packet.getLong(packet.position() + 12));
                received++;
            }
        }
    }

    /** One endpoint: where it sends (the relay's port facing it) and what it received. */
    static final class Endpoint implements Sender {
        final DatagramChannel channel;
        volatile InetSocketAddress target;
        final int stream;
        long received;
        private int sequence;

        Endpoint(DatagramChannel channel, int stream) {
            this.channel = channel;
            this.stream = stream;
        }

        @Override
        public boolean send(ByteBuffer packet) throws IOException {
            return channel.send(packet, target) > 0;
        }

        @Override
        public int stream() {
            return stream;
        }

        @Override
        public int nextSequence() {
            return sequence++;
        }
    }

    private final List<Endpoint> endpoints = new ArrayList<>();

    /** A bound, non-blocking endpoint on {@code ip}, for stream number {@code stream}. */
    Endpoint open(String ip, int stream) throws IOException {
        DatagramChannel channel = DatagramChannel.open();
        channel.setOption(java.net.StandardSocketOptions.SO_RCVBUF, 1 << 20);
        channel.setOption(java.net.StandardSocketOptions.SO_SNDBUF, 1 << 20);
        channel.bind(new InetSocketAddress(ip, 0));
        channel.configureBlocking(false);
        Endpoint endpoint = new Endpoint(channel, stream);
        endpoints.add(endpoint);
        return endpoint;
    }

    /** Results of one run. */
    record Result(long sent, long received, LatencyHistogram latency, double seconds) {
        long lost() {
            return sent - received;
        }
    }

    /**
     * Sends {@code packetsPerSecond} in total, spread over {@code senders} round robin, for
     * {@code seconds}; receives on {@code receivers} until 500 ms after the last send.
     */
    static Result run(List<? extends Sender> senders, List<Endpoint> receivers, Sink sink, int packetsPerSecond,
            double seconds) throws Exception {
        Receiver receiver = new Receiver(receivers, sink);
        Thread rx = new Thread(receiver, "load-receiver");
        rx.start();
        long total = (long) (packetsPerSecond * seconds);
        ByteBuffer packet = ByteBuffer.allocateDirect(PACKET);
        long start = System.nanoTime();
        long sent = 0;
        // Paced in ticks: every packet due by now goes out, then the sender sleeps a tick. A
        // per-packet schedule would spin a whole core at these rates, and the relay measured
        // would share the other core with the receiver, which is not how a relay runs.
        for (long i = 0; i < total; ) {
            long due = Math.min(total, 1 + (System.nanoTime() - start) * packetsPerSecond / 1_000_000_000L);
            for (; i < due; i++) {
                Sender from = senders.get((int) (i % senders.size()));
                fill(packet, from.stream(), from.nextSequence());
                if (from.send(packet)) {
                    sent++;
                }
            }
            if (i < total) {
                LockSupport.parkNanos(TICK_NANOS);
            }
        }
        double elapsed = (System.nanoTime() - start) / 1e9;
        Thread.sleep(500);
        receiver.stop = true;
        rx.join(TimeUnit.SECONDS.toMillis(5));
        synchronized (sink) {
            return new Result(sent, sink.received, sink.latency, elapsed);
        }
    }

    /** RTP v2, PT 0, the stream as SSRC; payload: send time (8 bytes) then zeros. */
    static void fill(ByteBuffer packet, int stream, int sequence) {
        packet.clear();
        packet.put(0, (byte) 0x80).put(1, (byte) 0).putShort(2, (short) sequence).putInt(4, sequence * 160)
                .putInt(8, 0x10000 + stream).putLong(12, System.nanoTime());
        packet.limit(PACKET);
    }

    /** Reads every receiving endpoint with one selector; one-way latency from the embedded time. */
    private static final class Receiver implements Runnable {
        private final List<Endpoint> endpoints;
        private final Sink sink;
        volatile boolean stop;

        Receiver(List<Endpoint> endpoints, Sink sink) {
            this.endpoints = endpoints;
            this.sink = sink;
        }

        @Override
        public void run() {
            ByteBuffer buffer = ByteBuffer.allocateDirect(2048);
            try (Selector selector = Selector.open()) {
                for (Endpoint e : endpoints) {
                    e.channel.register(selector, SelectionKey.OP_READ, e);
                }
                java.util.function.Consumer<SelectionKey> onReady = key -> drain((Endpoint) key.attachment(), buffer);
                while (!stop) {
                    selector.select(onReady, 100);
                }
            } catch (IOException ex) {
                throw new IllegalStateException(ex);
            }
        }

        private void drain(Endpoint e, ByteBuffer buffer) {
            try {
                while (true) {
                    buffer.clear();
                    if (e.channel.receive(buffer) == null) {
                        return;
                    }
                    long now = System.nanoTime();
                    buffer.flip();
                    sink.arrived(buffer, now);
                    e.received++;
                }
            } catch (IOException ex) {
                throw new java.io.UncheckedIOException(ex);
            }
        }
    }

    @Override
    public void close() throws IOException {
        for (Endpoint e : endpoints) {
            e.channel.close();
        }
    }
}
