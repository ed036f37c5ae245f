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
 * CPU in place of the relay thread's. rtpengine holds back the first frame of each transcoded
 * stream; a warm-up of 5 calls measures that constant, and loss is counted beyond it (latency
 * pairs the k-th frame out with the k-th frame in after it).
 *
 * The browser side sends what Chrome sends once the relay's answer asks for narrowband
 * (maxplaybackrate=8000): SILK narrowband Opus; -Dbench.browserOpus=fullband sends 48 kHz
 * fullband Opus instead (a browser that ignores it).
 *
 *   TranscodeBench native|concentus CALLS,CALLS,... SECONDS
 *   TranscodeBench rtpengine CALLS,CALLS,... SECONDS NG_PORT PID
 */
public final class TranscodeBench {

    private static final int FRAME_NANOS = 20_000_000;
    private static final int RING = 256;
    private static final boolean FULLBAND = "fullband".equals(System.getProperty("bench.browserOpus"));
    private static final boolean PIN = "true".equals(System.getProperty("bench.pin"));

    private TranscodeBench() {
    }

    public static void main(String[] args) throws Exception {
        int seconds = Integer.parseInt(args[2]);
        String[] steps = args[1].split(",");
        if (args[0].equals("rtpengine")) {
            int port = Integer.parseInt(args[3]);
            long pid = Long.parseLong(args[4]);
            try (RtpEngineControl engine = new RtpEngineControl(new InetSocketAddress("127.0.0.1", port))) {
                int heldBack = run(null, 5, 3, false, engine, pid, 0);
                for (String n : steps) {
                    run(null, Integer.parseInt(n.trim()), seconds, true, engine, pid, heldBack);
                }
            }
            return;
        }
        OpusLoader.Preference implementation = OpusLoader.Preference.parse(args[0]);
        run(implementation, Integer.parseInt(steps[0].trim()), 3, false, null, 0, 0); // warm-up: the JIT, not the relay
        for (String n : steps) {
            run(implementation, Integer.parseInt(n.trim()), seconds, true, null, 0, 0);
        }
    }

    /**
     * @param engine   null: our relay with {@code implementation}; else rtpengine, process {@code pid}
     * @param heldBack frames per stream the engine never emits by design (not counted as loss)
     * @return frames per stream that did not come out, rounded (the hold-back, at light load)
     */
    private static int run(OpusLoader.Preference implementation, int calls, int seconds, boolean print,
            RtpEngineControl engine, long pid, int heldBack) throws Exception {
        RelayConfig config = new RelayConfig(InetAddress.getLoopbackAddress(), "127.0.0.1", 40000, 40000 + 4 * calls + 3, 1,
                Duration.ZERO, TranscodingPolicy.PASSTHROUGH,
                implementation == null ? OpusLoader.Preference.AUTO : implementation);
        try (MediaRelay relay = new MediaRelay(config)) {
            if (PIN) {
                pin(engine == null ? -1 : pid);
            }
            Opus opus = relay.opus();
            String name = engine == null ? opus.name().replace(' ', '_') : "rtpengine";
            byte[][] opusFrames = opusTone(opus);
            byte[][] pcmuFrames = pcmuTone();
            List<DatagramChannel> opusSide = new ArrayList<>();
            List<DatagramChannel> pcmuSide = new ArrayList<>();
            List<MediaSession> sessions = new ArrayList<>();
            List<String> engineCalls = new ArrayList<>();
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
                    engineCalls.add(callId);
                    toB = engine.offerTranscoding(callId, "a" + i, opusOffer(a), List.of("PCMU"));
                    toA = engine.answer(callId, "a" + i, "b" + i, pcmuAnswer(b));
                }
                int relayForA = SdpParser.parse(toA).media().get(0).port();
                int relayForB = SdpParser.parse(toB).media().get(0).port();
                // connected: the kernel keeps the route, and the generator costs less per packet
                a.connect(new InetSocketAddress("127.0.0.1", relayForA));
                b.connect(new InetSocketAddress("127.0.0.1", relayForB));
                opusSide.add(a);
                pcmuSide.add(b);
            }
            long heapAfter = usedHeapAfterGc();
            Receipts receipts = new Receipts(2 * calls, heldBack);
            Selector selector = Selector.open();
            for (int i = 0; i < calls; i++) {
                opusSide.get(i).register(selector, SelectionKey.OP_READ, 2 * i);      // receives PCMU->Opus
                pcmuSide.get(i).register(selector, SelectionKey.OP_READ, 2 * i + 1);  // receives Opus->PCMU
            }
            int frames = seconds * 50;
            ByteBuffer packet = ByteBuffer.allocateDirect(1500);
            long start = System.nanoTime();
            long cpuStart = engine == null ? relayCpuNanos() : processCpuNanos(pid);
            long sent = 0;
            Thread receiver = new Thread(() -> receipts.run(selector), "bench-receiver");
            receiver.start();
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
                    receipts.sentAt[2 * i + 1][f % RING] = now; // the Opus frame f arrives at the PCMU side
                    rtp(packet, 111, f, f * 960, 0x1000 + i, opusFrames[f % opusFrames.length]);
                    opusSide.get(i).write(packet);
                    receipts.sentAt[2 * i][f % RING] = now;
                    rtp(packet, 0, f, f * 160, 0x2000 + i, pcmuFrames[f % pcmuFrames.length]);
                    pcmuSide.get(i).write(packet);
                    sent += 2;
                  }
                }
            }
            long cpu = (engine == null ? relayCpuNanos() : processCpuNanos(pid)) - cpuStart;
            double elapsed = (System.nanoTime() - start) / 1e9;
            Thread.sleep(300);
            receipts.stop = true;
            selector.wakeup();
            receiver.join();
            LatencyHistogram latency = receipts.latency;
            long got = receipts.received;
            long lost = Math.max(0, sent - got - 2L * calls * heldBack);
            if (print) {
              System.out.printf("RESULT mode=transcode opus=%s browserOpus=%s calls=%d sent=%d received=%d heldBackPerStream=%d"
                            + " lost=%d relayCpu=%.0f%% usPerFramePair=%.1f p50us=%.0f p99us=%.0f p999us=%.0f"
                            + " heapPerCallBytes=%d%n",
                    name, FULLBAND ? "fullband" : "narrowband", calls, sent, got, heldBack, lost,
                    100.0 * cpu / 1e9 / elapsed, cpu / 1e3 / (sent / 2.0), latency.percentileMicros(0.5),
                    latency.percentileMicros(0.99), latency.percentileMicros(0.999), (heapAfter - heapBefore) / calls);
            }
            sessions.forEach(MediaSession::close);
            for (String callId : engineCalls) {
                engine.delete(callId);
            }
            for (int i = 0; i < calls; i++) {
                opusSide.get(i).close();
                pcmuSide.get(i).close();
            }
            selector.close();
            return (int) Math.round((sent - got) / (2.0 * calls));
        }
    }

    /** What came back: per stream, when each frame was sent and how many arrived; the latency of each. */
    private static final class Receipts {
        private static final long WARMUP = 50; // frames per stream left out of the latency
        /** Written by the sender, read by the receiver a frame later (a benchmark's race, not a relay's). */
        final long[][] sentAt;
        final long[] count;
        final LatencyHistogram latency = new LatencyHistogram();
        final int heldBack;
        final ByteBuffer buffer = ByteBuffer.allocateDirect(1500);
        long received;

        Receipts(int streams, int heldBack) {
            this.sentAt = new long[streams][RING];
            this.count = new long[streams];
            this.heldBack = heldBack;
        }

        volatile boolean stop;

        /** The receiver thread: stamps each frame on arrival until stopped. */
        void run(Selector selector) {
            try {
                while (!stop) {
                    if (PIN) {
                        selector.selectNow(this::drain); // polls its own core: nobody has to wake it
                    } else {
                        selector.select(this::drain, 100);
                    }
                }
            } catch (java.io.IOException | java.nio.channels.ClosedSelectorException e) {
                // the run is over
            }
        }

        private void drain(SelectionKey key) {
            DatagramChannel channel = (DatagramChannel) key.channel();
            int stream = (Integer) key.attachment();
            try {
                buffer.clear();
                while (channel.receive(buffer) != null) {
                    long now = System.nanoTime();
                    long k = count[stream]++;
                    if (k >= WARMUP) {
                        latency.record(now - sentAt[stream][(int) ((k + heldBack) % RING)]);
                    }
                    received++;
                    buffer.clear();
                }
            } catch (java.io.IOException e) {
                // a closed channel at the end of the run
            }
        }
    }

    private static byte[][] opusTone(Opus opus) {
        byte[][] frames = new byte[50][];
        int rate = FULLBAND ? 48_000 : 8_000; // fed at 8 kHz, libopus encodes narrowband (SILK), as Chrome then does
        int samples = rate / 50;
        try (Opus.Encoder encoder = opus.encoder(rate, 32_000)) {
            byte[] out = new byte[Opus.MAX_PACKET_BYTES];
            for (int f = 0; f < frames.length; f++) {
                short[] pcm = new short[samples];
                for (int i = 0; i < samples; i++) {
                    pcm[i] = (short) (8000 * Math.sin(2 * Math.PI * 1000 * (f * samples + i) / (double) rate));
                }
                int n = encoder.encode(pcm, samples, out, 0, out.length);
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

    /**
     * One core each, on a 2-core machine: the relay's loop thread (or the rtpengine process) on
     * the last CPU, this JVM's other threads (the generator, its receiver, GC) on the others.
     * Without it the generator's and the relay's threads share both cores, and the frame latency
     * measures the scheduler as much as the relay.
     */
    private static void pin(long enginePid) throws java.io.IOException, InterruptedException {
        int cpus = Runtime.getRuntime().availableProcessors();
        String relayCpu = Integer.toString(cpus - 1);
        String others = cpus > 1 ? "0-" + (cpus - 2) : "0";
        java.nio.file.Path tasks = java.nio.file.Path.of("/proc/self/task");
        try (java.util.stream.Stream<java.nio.file.Path> list = java.nio.file.Files.list(tasks)) {
            for (java.nio.file.Path task : list.toList()) {
                String name;
                try {
                    name = java.nio.file.Files.readString(task.resolve("comm")).trim();
                } catch (java.nio.file.NoSuchFileException ended) {
                    continue; // a thread that ended meanwhile
                }
                boolean relayThread = enginePid < 0 && name.equals("media-relay-0");
                taskset(relayThread ? relayCpu : others, task.getFileName().toString(), false);
            }
        }
        if (enginePid >= 0) {
            taskset(relayCpu, Long.toString(enginePid), true);
        }
    }

    private static void taskset(String cpus, String id, boolean allThreads) throws java.io.IOException,
            InterruptedException {
        List<String> command = new ArrayList<>(List.of("taskset", "-p", "-c", cpus, id));
        if (allThreads) {
            command.add(1, "-a");
        }
        new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .start().waitFor();
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
