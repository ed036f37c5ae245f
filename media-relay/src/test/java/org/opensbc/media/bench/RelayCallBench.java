package org.opensbc.media.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.opensbc.media.codec.G711;
import org.opensbc.media.codec.Opus;
import org.opensbc.media.codec.OpusLoader;
import org.opensbc.media.relay.MediaRelay;
import org.opensbc.media.relay.MediaSession;
import org.opensbc.media.relay.Profile;
import org.opensbc.media.relay.RelayConfig;
import org.opensbc.media.relay.Side;
import org.opensbc.media.relay.TranscodingPolicy;
import org.opensbc.media.sdp.SdpParser;

/**
 * Calls through the real relay on one loop thread: N calls, each a browser side and a phone
 * side, 20 ms packets both ways in real time, sent and received by {@code rtpgen}
 * (benchmarks/rtpgen.c: kernel arrival timestamps, so its own delays are not the relay's).
 * On a machine of two or more cores the relay thread runs alone on the last core and the
 * generator on the first: "calls per core" means that core. Prints, per N: packets lost, the
 * relay thread's CPU, its CPU per frame pair (codec work plus the four packets' system calls),
 * frame latency (sent to transcoded frame received) p50/p90/p99/p99.9, and heap per call.
 *
 * The browser side sends Opus and the phone side PCMU, so every frame is transcoded; with
 * -Dbench.media=plain both sides send PCMU and the relay passes packets through (the plain
 * RTP relaying figures: packets per second per core at the rate of real calls).
 *
 * The same load through rtpengine (userspace; transcoding with ffmpeg's codecs), with its process
 * pinned and measured in place of the relay thread. rtpengine holds back the first frame of each
 * transcoded stream; a warm-up of 5 calls measures that constant, and loss is counted beyond it.
 * And through benchmarks/udp-reflector.c, which only reads and writes each packet: the floor of
 * any relay that uses a system call per packet, pinned and measured the same way.
 *
 * The browser side sends what Chrome sends once the relay's answer asks for narrowband
 * (maxplaybackrate=8000): SILK narrowband Opus; -Dbench.browserOpus=fullband sends 48 kHz
 * fullband Opus instead (a browser that ignores it).
 *
 *   RelayCallBench RTPGEN native|concentus|auto CALLS,CALLS,... SECONDS
 *   RelayCallBench RTPGEN rtpengine CALLS,CALLS,... SECONDS NG_PORT PID
 *   RelayCallBench RTPGEN reflector CALLS,CALLS,... SECONDS UDP_REFLECTOR
 */
public final class RelayCallBench {

    private static final boolean PLAIN = "plain".equals(System.getProperty("bench.media"));
    private static final boolean FULLBAND = "fullband".equals(System.getProperty("bench.browserOpus"));
    private static final int CPUS = Runtime.getRuntime().availableProcessors();
    private static final String BROWSER_IP = "127.0.0.21";
    private static final String PHONE_IP = "127.0.0.22";
    /** The generator's ports: call i uses FIRST_PORT + 2i on both of its addresses. */
    private static final int FIRST_PORT = 52000;

    private RelayCallBench() {
    }

    public static void main(String[] args) throws Exception {
        Path rtpgen = Path.of(args[0]);
        String[] steps = args[2].split(",");
        int seconds = Integer.parseInt(args[3]);
        if (args[1].equals("rtpengine")) {
            long pid = Long.parseLong(args[5]);
            try (RtpEngineControl engine = new RtpEngineControl(new InetSocketAddress("127.0.0.1",
                    Integer.parseInt(args[4])))) {
                Engine rtpengine = new Engine(engine, pid);
                int heldBack = run(rtpgen, rtpengine, 5, 3, 0).heldBackPerStream();
                for (String n : steps) {
                    System.out.println(run(rtpgen, rtpengine, Integer.parseInt(n.trim()), seconds, heldBack));
                }
            }
            return;
        }
        if (args[1].equals("reflector")) {
            for (String n : steps) {
                System.out.println(run(rtpgen, new Reflector(Path.of(args[4]), seconds), Integer.parseInt(n.trim()),
                        seconds, 0));
            }
            return;
        }
        OpusLoader.Preference implementation = OpusLoader.Preference.parse(args[1]);
        run(rtpgen, new Relay(implementation), Integer.parseInt(steps[0].trim()), 3, 0); // warm-up: the JIT
        for (String n : steps) {
            System.out.println(run(rtpgen, new Relay(implementation), Integer.parseInt(n.trim()), seconds, 0));
        }
    }

    /** What relays: our relay, rtpengine, or the reflector that does nothing else. */
    private interface Relayer extends AutoCloseable {
        String name();

        /** Sets up one call: the ports the browser side and the phone side send to. */
        int[] call(int index, String browserOffer, String phoneAnswer) throws Exception;

        /** Every call is set up: pins what relays to {@code cpu}, the rest of this process to {@code others}. */
        void start(String cpu, String others) throws Exception;

        long cpuNanos() throws IOException;

        @Override
        void close() throws Exception;
    }

    private static final class Relay implements Relayer {
        private final MediaRelay relay;
        private final List<MediaSession> sessions = new ArrayList<>();

        Relay(OpusLoader.Preference implementation) throws IOException {
            relay = new MediaRelay(new RelayConfig(InetAddress.getLoopbackAddress(), "127.0.0.1", 40000, 49999, 1,
                    Duration.ZERO, TranscodingPolicy.PASSTHROUGH, implementation));
        }

        @Override
        public String name() {
            return PLAIN ? "ours" : relay.opus().name().replace(' ', '_');
        }

        @Override
        public int[] call(int index, String browserOffer, String phoneAnswer) throws Exception {
            MediaSession session = relay.newSession("bench-" + index);
            sessions.add(session);
            String toPhone = session.offer(Side.CALLER, browserOffer, Profile.PLAIN);
            String toBrowser = session.answer(Side.CALLEE, phoneAnswer);
            return new int[] {port(toBrowser), port(toPhone)};
        }

        @Override
        public void start(String cpu, String others) throws Exception {
            pinThreads(cpu, others, "media-relay-0");
        }

        @Override
        public long cpuNanos() {
            java.lang.management.ThreadMXBean threads = ManagementFactory.getThreadMXBean();
            for (Thread t : Thread.getAllStackTraces().keySet()) {
                if (t.getName().equals("media-relay-0")) {
                    return threads.getThreadCpuTime(t.getId());
                }
            }
            throw new IllegalStateException("no relay loop thread");
        }

        @Override
        public void close() {
            sessions.forEach(MediaSession::close);
            relay.close();
        }
    }

    private static final class Engine implements Relayer {
        private final RtpEngineControl engine;
        private final long pid;
        private final List<String> calls = new ArrayList<>();

        Engine(RtpEngineControl engine, long pid) {
            this.engine = engine;
            this.pid = pid;
        }

        @Override
        public String name() {
            return "rtpengine";
        }

        @Override
        public int[] call(int index, String browserOffer, String phoneAnswer) throws Exception {
            String callId = "tc-" + index + "-" + System.nanoTime();
            calls.add(callId);
            String toPhone = PLAIN ? engine.offer(callId, "a" + index, browserOffer)
                    : engine.offerTranscoding(callId, "a" + index, browserOffer, List.of("PCMU"));
            String toBrowser = engine.answer(callId, "a" + index, "b" + index, phoneAnswer);
            return new int[] {port(toBrowser), port(toPhone)};
        }

        @Override
        public void start(String cpu, String others) throws Exception {
            pinThreads(others, others, null);
            taskset(cpu, Long.toString(pid), true);
        }

        @Override
        public long cpuNanos() throws IOException {
            return processCpuNanos(pid);
        }

        @Override
        public void close() throws IOException {
            for (String callId : calls) {
                engine.delete(callId); // a step's calls must not linger into the next
            }
            calls.clear();
        }
    }

    /** benchmarks/udp-reflector.c: the least a relay can do per packet, the floor for the others. */
    private static final class Reflector implements Relayer {
        private static final int BASE = 30000;
        private final Path binary;
        private final int seconds;
        private int calls;
        private Process process;

        Reflector(Path binary, int seconds) {
            this.binary = binary;
            this.seconds = seconds;
        }

        @Override
        public String name() {
            return "udp-reflector";
        }

        @Override
        public int[] call(int index, String browserOffer, String phoneAnswer) {
            calls = index + 1;
            return new int[] {BASE + 4 * index, BASE + 4 * index + 2};
        }

        @Override
        public void start(String cpu, String others) throws Exception {
            pinThreads(others, others, null);
            process = new ProcessBuilder("taskset", "-c", cpu, binary.toString(), Integer.toString(BASE),
                    Integer.toString(calls), Integer.toString(seconds + 3), BROWSER_IP, PHONE_IP,
                    Integer.toString(FIRST_PORT)).redirectErrorStream(true).start();
            Thread.sleep(300); // its sockets bound before the generator sends
            if (!process.isAlive()) {
                throw new IllegalStateException("udp-reflector: " + new String(process.getInputStream().readAllBytes()));
            }
        }

        @Override
        public long cpuNanos() throws IOException {
            return processCpuNanos(process.pid());
        }

        @Override
        public void close() throws InterruptedException {
            if (process != null) {
                process.destroy();
                process.waitFor();
            }
        }
    }

    /** utime + stime of a process, from /proc (clock ticks of 10 ms). */
    private static long processCpuNanos(long pid) throws IOException {
        String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
        String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return (Long.parseLong(f[11]) + Long.parseLong(f[12])) * 10_000_000L;
    }

    /** One step's figures. */
    private record Result(String name, int calls, Map<String, Long> generator, double cpuShare, double usPerFramePair,
            long heapPerCall, int heldBackPerStream) {
        @Override
        public String toString() {
            long relayed = generator.get("received");
            return String.format("RESULT mode=%s relay=%s browserMedia=%s calls=%d packetsPerSecond=%d sent=%d"
                    + " received=%d heldBackPerStream=%d lost=%d relayCpu=%.0f%% usPerFramePair=%.1f ppsPerCore=%.0f"
                    + " p50us=%d p90us=%d p99us=%d p999us=%d maxus=%d heapPerCallBytes=%d",
                    PLAIN ? "plain" : "transcode", name, PLAIN ? "pcmu" : FULLBAND ? "opus-fullband" : "opus-narrowband",
                    calls, calls * 100, generator.get("sent"), relayed, heldBackPerStream, generator.get("lost"),
                    100 * cpuShare, usPerFramePair, 2e6 / usPerFramePair, generator.get("p50us"),
                    generator.get("p90us"), generator.get("p99us"), generator.get("p999us"), generator.get("maxus"),
                    heapPerCall);
        }
    }

    /** @param heldBack frames per stream the transcoder never sends by design (not counted as loss) */
    private static Result run(Path rtpgen, Relayer relayer, int calls, int seconds, int heldBack)
            throws Exception {
        try (Relayer t = relayer) {
            long heapBefore = usedHeapAfterGc();
            StringBuilder spec = new StringBuilder();
            // the browser side's frame set (rtpgen calls it "opus"): PCMU too when nothing is transcoded
            frames(spec, "opus", PLAIN ? pcmuTone() : opusTone(OpusLoader.load(OpusLoader.Preference.AUTO)));
            frames(spec, "pcmu", pcmuTone());
            spec.append("heldback ").append(heldBack).append('\n');
            for (int i = 0; i < calls; i++) {
                int port = FIRST_PORT + 2 * i;
                int[] relayPorts = t.call(i, PLAIN ? pcmuSdp(BROWSER_IP, port) : opusOffer(port),
                        pcmuSdp(PHONE_IP, port));
                // stream 2i: the browser side, which hears what stream 2i+1 (the phone side) sent, and back
                spec.append(String.format("stream %s %d %d opus %s %d %d%n", BROWSER_IP, port, relayPorts[0],
                        PLAIN ? "0 160" : "111 960", 0x1000 + i, 2 * i + 1));
                spec.append(String.format("stream %s %d %d pcmu 0 160 %d %d%n", PHONE_IP, port, relayPorts[1],
                        0x2000 + i, 2 * i));
            }
            long heapPerCall = (usedHeapAfterGc() - heapBefore) / calls;
            Path specFile = Files.createTempFile("rtpgen", ".spec");
            Files.writeString(specFile, spec);
            String cpu = Integer.toString(CPUS - 1);
            String others = CPUS > 1 ? "0-" + (CPUS - 2) : "0";
            t.start(cpu, others);
            long cpuStart = t.cpuNanos();
            long start = System.nanoTime();
            // with a core of its own, the generator polls (see rtpgen.c): the relay is not charged for waking it
            Process generator = new ProcessBuilder("taskset", "-c", others, rtpgen.toString(), specFile.toString(),
                    Integer.toString(seconds), System.getProperty("bench.rtpgen", CPUS > 1 ? "spin" : "sleep"))
                    .redirectError(ProcessBuilder.Redirect.INHERIT).start();
            String out = new String(generator.getInputStream().readAllBytes()).trim();
            long cpu1 = t.cpuNanos();
            double elapsed = (System.nanoTime() - start) / 1e9;
            if (generator.waitFor() != 0) {
                throw new IllegalStateException("rtpgen failed: " + out);
            }
            Files.delete(specFile);
            Map<String, Long> figures = new HashMap<>();
            for (String pair : out.split(" ")) {
                String[] kv = pair.split("=");
                figures.put(kv[0], Long.parseLong(kv[1]));
            }
            long sent = figures.get("sent");
            long cpuNanos = cpu1 - cpuStart;
            int missingPerStream = (int) Math.round((sent - figures.get("received")) / (2.0 * calls));
            return new Result(t.name(), calls, figures, cpuNanos / 1e9 / elapsed, cpuNanos / 1e3 / (sent / 2.0),
                    heapPerCall, heldBack == 0 ? missingPerStream : heldBack);
        }
    }

    /** Pins this JVM's threads: {@code special} (by name) to {@code cpu}, all others to {@code others}. */
    private static void pinThreads(String cpu, String others, String special) throws IOException, InterruptedException {
        if (CPUS < 2) {
            return;
        }
        try (java.util.stream.Stream<Path> list = Files.list(Path.of("/proc/self/task"))) {
            for (Path task : list.toList()) {
                String name;
                try {
                    name = Files.readString(task.resolve("comm")).trim();
                } catch (java.nio.file.NoSuchFileException ended) {
                    continue; // a thread that ended meanwhile
                }
                taskset(name.equals(special) ? cpu : others, task.getFileName().toString(), false);
            }
        }
    }

    private static void taskset(String cpus, String id, boolean allThreads) throws IOException, InterruptedException {
        if (CPUS < 2) {
            return;
        }
        List<String> command = new ArrayList<>(List.of("taskset", "-p", "-c", cpus, id));
        if (allThreads) {
            command.add(1, "-a");
        }
        new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .start().waitFor();
    }

    private static void frames(StringBuilder spec, String name, byte[][] frames) {
        spec.append("frames ").append(name).append(' ').append(frames.length).append('\n');
        for (byte[] frame : frames) {
            spec.append(HexFormat.of().formatHex(frame)).append('\n');
        }
    }

    /** One second of a 1 kHz tone as the browser would send it: narrowband (SILK) or fullband Opus. */
    private static byte[][] opusTone(Opus opus) {
        byte[][] frames = new byte[50][];
        int rate = FULLBAND ? 48_000 : 8_000; // fed at 8 kHz, libopus encodes narrowband, as Chrome then does
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

    private static String opusOffer(int port) {
        return "v=0\r\no=- 1 1 IN IP4 " + BROWSER_IP + "\r\ns=-\r\nc=IN IP4 " + BROWSER_IP + "\r\nt=0 0\r\nm=audio " + port
                + " RTP/AVP 111\r\na=rtpmap:111 opus/48000/2\r\na=fmtp:111 useinbandfec=1\r\na=sendrecv\r\n";
    }

    private static String pcmuSdp(String ip, int port) {
        return "v=0\r\no=- 2 1 IN IP4 " + ip + "\r\ns=-\r\nc=IN IP4 " + ip + "\r\nt=0 0\r\nm=audio " + port
                + " RTP/AVP 0\r\na=rtpmap:0 PCMU/8000\r\na=sendrecv\r\n";
    }

    private static int port(String sdp) throws Exception {
        return SdpParser.parse(sdp).media().get(0).port();
    }

    private static long usedHeapAfterGc() throws InterruptedException {
        Runtime rt = Runtime.getRuntime();
        for (int i = 0; i < 3; i++) {
            System.gc();
            Thread.sleep(100);
        }
        return rt.totalMemory() - rt.freeMemory();
    }
}
