package org.opensbc.media.bench;

import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.opensbc.media.codec.G711;
import org.opensbc.media.codec.Opus;
import org.opensbc.media.codec.OpusLoader;
import org.opensbc.media.relay.MediaRelay;
import org.opensbc.media.relay.MediaSession;
import org.opensbc.media.relay.RelayConfig;
import org.opensbc.media.relay.Side;
import org.opensbc.media.relay.TranscodingPolicy;
import org.opensbc.media.sdp.SdpParser;

/**
 * Transcoded calls through the real relay on one loop thread (one core): N calls, each an Opus
 * side and a PCMU side on loopback sockets, 20 ms packets both ways in real time. Prints, per
 * N: packets lost, the relay thread's CPU, codec work per frame pair, and frame-processing
 * latency (send to receipt of the transcoded frame) p50/p99; and heap per transcoded call.
 * Bounded: SECONDS per step, calls as listed.
 *
 * The same load through rtpengine (its userspace transcoding, ffmpeg's codecs), with its process
 * CPU in place of the relay thread's:
 *
 *   TranscodeBench native|concentus CALLS,CALLS,... SECONDS
 *   TranscodeBench rtpengine CALLS,CALLS,... SECONDS NG_PORT PID
 */
public final class TranscodeBench {

    private static final int FRAME_NANOS = 20_000_000;
    private static final int RING = 256;

    private TranscodeBench() {
    }

    public static void main(String[] args) throws Exception {
        int seconds = Integer.parseInt(args[2]);
        String[] steps = args[1].split(",");
        if (args[0].equals("rtpengine")) {
            int port = Integer.parseInt(args[3]);
            long pid = Long.parseLong(args[4]);
            try (RtpEngineControl engine = new RtpEngineControl(new InetSocketAddress("127.0.0.1", port))) {
                for (String n : steps) {
                    run(null, Integer.parseInt(n.trim()), seconds, true, engine, pid);
                }
            }
            return;
        }
        OpusLoader.Preference implementation = OpusLoader.Preference.parse(args[0]);
        run(implementation, Integer.parseInt(steps[0].trim()), 3, false, null, 0); // warm-up: the JIT, not the relay
        for (String n : steps) {
            run(implementation, Integer.parseInt(n.trim()), seconds, true, null, 0);
        }
    }

    /** @param engine null: our relay with {@code implementation}; else rtpengine, process {@code pid} */
    private static void run(OpusLoader.Preference implementation, int calls, int seconds, boolean print,
            RtpEngineControl engine, long pid) throws Exception {
        RelayConfig config = new RelayConfig(InetAddress.getLoopbackAddress(), "127.0.0.1", 40000, 40000 + 4 * calls + 3, 1,
                Duration.ZERO, TranscodingPolicy.PASSTHROUGH,
                implementation == null ? OpusLoader.Preference.AUTO : implementation);
        try (MediaRelay relay = new MediaRelay(config)) {
            Opus opus = relay.opus();
            String name = engine == null ? opus.name().replace(' ', '_') : "rtpengine";
            byte[][] opusFrames = opusTone(opus);
            byte[][] pcmuFrames = pcmuTone();
            List<DatagramChannel> opusSide = new ArrayList<>();
            List<DatagramChannel> pcmuSide = new ArrayList<>();
            List<InetSocketAddress[]> targets = new ArrayList<>();
            List<MediaSession> sessions = new ArrayList<>();
            long heapBefore = usedHeapAfterGc();
            for (int i = 0; i < calls; i++) {
                DatagramChannel a = open("127.0.0.21");
                DatagramChannel b = open("127.0.0.22");
                String toA;
                String toB;
                if (engine == null) {
                    MediaSession session = relay.newSession("bench-" + i);
                    toB = session.offer(Side.CALLER, opusOffer(a), org.opensbc.media.relay.Profile.PLAIN);
                    toA = session.answer(Side.CALLEE, pcmuAnswer(b));
                    sessions.add(session);
                } else {
                    String callId = "tc-" + calls + "-" + i + "-" + System.nanoTime();
                    toB = engine.offerTranscoding(callId, "a" + i, opusOffer(a), List.of("PCMU"));
                    toA = engine.answer(callId, "a" + i, "b" + i, pcmuAnswer(b));
                }
                int relayForA = SdpParser.parse(toA).media().get(0).port();
                int relayForB = SdpParser.parse(toB).media().get(0).port();
                targets.add(new InetSocketAddress[] {new InetSocketAddress("127.0.0.1", relayForA),
                    new InetSocketAddress("127.0.0.1", relayForB)});
                opusSide.add(a);
                pcmuSide.add(b);
            }
            long heapAfter = usedHeapAfterGc();
            long[][] sentAt = new long[2 * calls][RING];
            long[] receivedCount = new long[2 * calls];
            LatencyHistogram latency = new LatencyHistogram();
            AtomicLong received = new AtomicLong();
            Selector selector = Selector.open();
            for (int i = 0; i < calls; i++) {
                opusSide.get(i).register(selector, SelectionKey.OP_READ, 2 * i);      // receives PCMU->Opus
                pcmuSide.get(i).register(selector, SelectionKey.OP_READ, 2 * i + 1);  // receives Opus->PCMU
            }
            int frames = seconds * 50;
            long warmup = 50;
            Thread receiver = new Thread(() -> receive(selector, sentAt, receivedCount, latency, received, warmup));
            receiver.start();
            ByteBuffer packet = ByteBuffer.allocateDirect(1500);
            long start = System.nanoTime();
            long cpuStart = engine == null ? relayCpuNanos() : processCpuNanos(pid);
            long sent = 0;
            // calls are spread over the 20 ms (real calls are not in phase), in groups of 1 ms
            int groups = 20;
            for (int f = 0; f < frames; f++) {
                for (int g = 0; g < groups; g++) {
                  long due = start + (long) f * FRAME_NANOS + (long) g * FRAME_NANOS / groups;
                  for (long wait; (wait = due - System.nanoTime()) > 0;) {
                      java.util.concurrent.locks.LockSupport.parkNanos(wait); // no spinning: 2 cores are shared
                  }
                  for (int i = g; i < calls; i += groups) {
                    long now = System.nanoTime();
                    sentAt[2 * i + 1][f % RING] = now; // the Opus frame f arrives at the PCMU side
                    rtp(packet, 111, f, f * 960, 0x1000 + i, opusFrames[f % opusFrames.length]);
                    opusSide.get(i).send(packet, targets.get(i)[0]);
                    sentAt[2 * i][f % RING] = now;
                    rtp(packet, 0, f, f * 160, 0x2000 + i, pcmuFrames[f % pcmuFrames.length]);
                    pcmuSide.get(i).send(packet, targets.get(i)[1]);
                    sent += 2;
                  }
                }
            }
            long cpu = (engine == null ? relayCpuNanos() : processCpuNanos(pid)) - cpuStart;
            double elapsed = (System.nanoTime() - start) / 1e9;
            Thread.sleep(300);
            receiver.interrupt();
            selector.wakeup();
            receiver.join();
            long got = 0;
            for (long c : receivedCount) {
                got += c;
            }
            if (print) {
              System.out.printf("RESULT mode=transcode opus=%s calls=%d sent=%d received=%d lost=%d relayCpu=%.0f%%"
                            + " usPerFramePair=%.1f p50us=%.0f p99us=%.0f p999us=%.0f heapPerCallBytes=%d%n",
                    name, calls, sent, got, sent - got, 100.0 * cpu / 1e9 / elapsed,
                    cpu / 1e3 / (sent / 2.0), latency.percentileMicros(0.5), latency.percentileMicros(0.99),
                    latency.percentileMicros(0.999), (heapAfter - heapBefore) / calls);
            }
            sessions.forEach(MediaSession::close);
            for (int i = 0; i < calls; i++) {
                opusSide.get(i).close();
                pcmuSide.get(i).close();
            }
            selector.close();
        }
    }

    private static void receive(Selector selector, long[][] sentAt, long[] count, LatencyHistogram latency,
            AtomicLong received, long warmup) {
        ByteBuffer buffer = ByteBuffer.allocateDirect(1500);
        try {
            while (!Thread.currentThread().isInterrupted()) {
                selector.select(100);
                for (SelectionKey key : selector.selectedKeys()) {
                    DatagramChannel channel = (DatagramChannel) key.channel();
                    int stream = (Integer) key.attachment();
                    buffer.clear();
                    while (channel.receive(buffer) != null) {
                        long now = System.nanoTime();
                        long k = count[stream]++;
                        if (k >= warmup) {
                            latency.record(now - sentAt[stream][(int) (k % RING)]);
                        }
                        received.incrementAndGet();
                        buffer.clear();
                    }
                }
                selector.selectedKeys().clear();
            }
        } catch (java.io.IOException | java.nio.channels.ClosedSelectorException e) {
            // the run is over
        }
    }

    private static byte[][] opusTone(Opus opus) {
        byte[][] frames = new byte[50][];
        try (Opus.Encoder encoder = opus.encoder(48_000, 32_000)) {
            byte[] out = new byte[Opus.MAX_PACKET_BYTES];
            for (int f = 0; f < frames.length; f++) {
                short[] pcm = new short[960];
                for (int i = 0; i < 960; i++) {
                    pcm[i] = (short) (8000 * Math.sin(2 * Math.PI * 1000 * (f * 960 + i) / 48_000.0));
                }
                int n = encoder.encode(pcm, 960, out, 0, out.length);
                frames[f] = java.util.Arrays.copyOf(out, n);
            }
        }
        return frames;
    }

    private static byte[][] pcmuTone() {
        byte[][] frames = new byte[50][160];
        for (int f = 0; f < frames.length; f++) {
            short[] pcm = new short[160];
            for (int i = 0; i < 160; i++) {
                pcm[i] = (short) (8000 * Math.sin(2 * Math.PI * 1000 * (f * 160 + i) / 8_000.0));
            }
            G711.encode(false, pcm, 0, 160, frames[f], 0);
        }
        return frames;
    }

    private static void rtp(ByteBuffer b, int pt, int seq, int ts, int ssrc, byte[] payload) {
        b.clear();
        b.put((byte) 0x80).put((byte) pt).putShort((short) seq).putInt(ts).putInt(ssrc).put(payload).flip();
    }

    private static DatagramChannel open(String ip) throws java.io.IOException {
        DatagramChannel c = DatagramChannel.open();
        c.setOption(StandardSocketOptions.SO_RCVBUF, 256 * 1024);
        c.bind(new InetSocketAddress(ip, 0));
        c.configureBlocking(false);
        return c;
    }

    private static String opusOffer(DatagramChannel a) throws java.io.IOException {
        int port = ((InetSocketAddress) a.getLocalAddress()).getPort();
        return "v=0\r\no=- 1 1 IN IP4 127.0.0.21\r\ns=-\r\nc=IN IP4 127.0.0.21\r\nt=0 0\r\nm=audio " + port
                + " RTP/AVP 111\r\na=rtpmap:111 opus/48000/2\r\na=fmtp:111 useinbandfec=1\r\na=sendrecv\r\n";
    }

    private static String pcmuAnswer(DatagramChannel b) throws java.io.IOException {
        int port = ((InetSocketAddress) b.getLocalAddress()).getPort();
        return "v=0\r\no=- 2 1 IN IP4 127.0.0.22\r\ns=-\r\nc=IN IP4 127.0.0.22\r\nt=0 0\r\nm=audio " + port
                + " RTP/AVP 0\r\na=rtpmap:0 PCMU/8000\r\na=sendrecv\r\n";
    }

    private static long usedHeapAfterGc() throws InterruptedException {
        for (int i = 0; i < 3; i++) {
            System.gc();
            Thread.sleep(200);
        }
        Runtime rt = Runtime.getRuntime();
        return rt.totalMemory() - rt.freeMemory();
    }

    /** utime + stime of a process, from /proc (clock ticks of 10 ms). */
    private static long processCpuNanos(long pid) throws java.io.IOException {
        String stat = java.nio.file.Files.readString(java.nio.file.Path.of("/proc/" + pid + "/stat"));
        String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return (Long.parseLong(f[11]) + Long.parseLong(f[12])) * 10_000_000L;
    }

    private static long relayCpuNanos() {
        java.lang.management.ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        for (Thread t : Thread.getAllStackTraces().keySet()) {
            if (t.getName().equals("media-relay-0")) {
                return threads.getThreadCpuTime(t.getId());
            }
        }
        throw new IllegalStateException("no relay loop thread");
    }
}
