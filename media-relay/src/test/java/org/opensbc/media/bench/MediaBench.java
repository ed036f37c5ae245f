package org.opensbc.media.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.opensbc.media.relay.MediaRelay;
import org.opensbc.media.relay.MediaSession;
import org.opensbc.media.relay.Profile;
import org.opensbc.media.relay.RelayConfig;
import org.opensbc.media.relay.Side;
import org.opensbc.media.sdp.SdpParser;
import org.opensbc.media.webrtc.BrowserPeer;
import org.opensbc.media.webrtc.DtlsHandshakeBench;

/**
 * The media relay benchmark (run by benchmarks/media-bench.sh; prints RESULT lines):
 * <pre>
 *   relay     STREAMS SECONDS RATE,RATE...   plain RTP both ways through our relay (one relay thread)
 *   srtp      STREAMS SECONDS RATE,RATE...   SRTP (WebRTC side, after ICE and DTLS) to plain RTP and back
 *   rtpengine NG_PORT PID STREAMS SECONDS RATE,RATE...   the same plain load through rtpengine
 *   direct    STREAMS SECONDS RATE           the generator without a relay (the latency floor)
 *   dtls      PAIRS SECONDS                  DTLS-SRTP handshakes per second
 *   heap      SESSIONS                       heap per anchored phone-to-phone call
 * </pre>
 * RATE is packets per second in total (both directions). Every run is bounded by SECONDS.
 */
public final class MediaBench {

    private static final String SIDE_A = "127.0.0.11";
    private static final String SIDE_B = "127.0.0.12";

    private MediaBench() {
    }

    public static void main(String[] args) throws Exception {
        switch (args[0]) {
            case "relay" -> relay(Integer.parseInt(args[1]), Double.parseDouble(args[2]), rates(args[3]), false);
            case "srtp" -> relay(Integer.parseInt(args[1]), Double.parseDouble(args[2]), rates(args[3]), true);
            case "rtpengine" -> rtpengine(Integer.parseInt(args[1]), Long.parseLong(args[2]), Integer.parseInt(args[3]),
                    Double.parseDouble(args[4]), rates(args[5]));
            case "direct" -> direct(Integer.parseInt(args[1]), Double.parseDouble(args[2]), Integer.parseInt(args[3]));
            case "dtls" -> System.out.printf("RESULT mode=dtls pairs=%s handshakesPerSecond=%.0f%n", args[1],
                    DtlsHandshakeBench.run(Integer.parseInt(args[1]), Double.parseDouble(args[2])));
            case "heap" -> heap(Integer.parseInt(args[1]));
            case "compare" -> compare(Integer.parseInt(args[1]), Long.parseLong(args[2]), Integer.parseInt(args[3]),
                    Double.parseDouble(args[4]), rates(args[5]), Integer.parseInt(args[6]));
            case "latency" -> latency(Integer.parseInt(args[1]), Double.parseDouble(args[2]), Integer.parseInt(args[3]),
                    Integer.parseInt(args[4]));
            default -> throw new IllegalArgumentException("unknown mode " + args[0]);
        }
        System.exit(0);
    }

    private static int[] rates(String list) {
        return java.util.Arrays.stream(list.split(",")).mapToInt(Integer::parseInt).toArray();
    }

    private static MediaRelay newRelay(int firstPort, int lastPort) throws Exception {
        return new MediaRelay(new RelayConfig(InetAddress.getLoopbackAddress(), "127.0.0.1", firstPort, lastPort, 1));
    }

    private static String sdp(RtpLoad.Endpoint e) throws Exception {
        InetSocketAddress local = (InetSocketAddress) e.channel.getLocalAddress();
        String ip = local.getAddress().getHostAddress();
        return "v=0\r\no=- 1 1 IN IP4 " + ip + "\r\ns=-\r\nc=IN IP4 " + ip + "\r\nt=0 0\r\n"
                + "m=audio " + local.getPort() + " RTP/AVP 0\r\na=rtpmap:0 PCMU/8000\r\na=sendrecv\r\n";
    }

    private static int port(String sdp) throws Exception {
        return SdpParser.parse(sdp).media().get(0).port();
    }

    private static void relay(int streams, double seconds, int[] rates, boolean srtp) throws Exception {
        try (MediaRelay relay = newRelay(40000, 41999); RtpLoad load = new RtpLoad()) {
            List<RtpLoad.Sender> senders = new ArrayList<>();
            List<RtpLoad.Endpoint> receivers = new ArrayList<>();
            List<BrowserPeer> peers = new ArrayList<>();
            RtpLoad.Sink sink = new RtpLoad.Sink();
            if (!srtp) {
                List<RtpLoad.Endpoint> plain = throughRelay(relay, load, streams);
                senders.addAll(plain);
                receivers.addAll(plain);
            }
            for (int i = 0; srtp && i < streams; i++) {
                MediaSession session = relay.newSession("bench-" + i);
                RtpLoad.Endpoint b = load.open(SIDE_B, 2 * i + 1);
                BrowserPeer peer = new BrowserPeer(SIDE_A);
                peers.add(peer);
                b.target = new InetSocketAddress("127.0.0.1", port(session.offer(Side.CALLER, peer.offer(false), Profile.PLAIN)));
                peer.accept(session.answer(Side.CALLEE, sdp(b)));
                if (!peer.awaitSecure(20)) {
                    throw new IllegalStateException("DTLS did not complete for stream " + i);
                }
                peer.onMedia(packet -> sink.arrived(packet, System.nanoTime()));
                int stream = 2 * i;
                senders.add(new RtpLoad.Sender() {
                    private int sequence;

                    @Override
                    public int nextSequence() {
                        return sequence++;
                    }

                    @Override
                    public boolean send(ByteBuffer packet) throws java.io.IOException {
                        return peer.sendPlain(packet);
                    }

                    @Override
                    public int stream() {
                        return stream;
                    }
                });
                senders.add(b);
                receivers.add(b);
            }
            Thread.sleep(srtp ? 2000 : 200); // DTLS workers linger; let them settle
            RtpLoad.run(senders, receivers, srtp ? sink : new RtpLoad.Sink(), rates[0], seconds); // JIT warm-up, not counted
            for (int rate : rates) {
                RtpLoad.Sink runSink = srtp ? sink : new RtpLoad.Sink();
                long before = relayCpuNanos();
                long allocatedBefore = relayAllocatedBytes();
                long receivedBefore;
                synchronized (runSink) {
                    receivedBefore = runSink.received;
                    runSink.latency.reset();
                }
                RtpLoad.Result r = RtpLoad.run(senders, receivers, runSink, rate, seconds);
                double cpu = (relayCpuNanos() - before) / 1e9;
                long received = r.received() - receivedBefore;
                print(srtp ? "srtp" : "relay", rate, r.sent(), received, cpu, r.seconds(), r.latency());
                System.out.printf("RESULT mode=%s-alloc rate=%d packets=%d relayThreadAllocatedBytes=%d%n",
                        srtp ? "srtp" : "relay", rate, received, relayAllocatedBytes() - allocatedBefore);
            }
            for (BrowserPeer peer : peers) {
                peer.close();
            }
        }
    }

    private static void rtpengine(int ngPort, long pid, int streams, double seconds, int[] rates) throws Exception {
        try (RtpEngineControl control = new RtpEngineControl(new InetSocketAddress("127.0.0.1", ngPort));
                RtpLoad load = new RtpLoad()) {
            List<RtpLoad.Endpoint> endpoints = throughRtpEngine(control, load, streams);
            Thread.sleep(200);
            for (int rate : rates) {
                long before = processCpuNanos(pid);
                RtpLoad.Result r = RtpLoad.run(endpoints, endpoints, new RtpLoad.Sink(), rate, seconds);
                print("rtpengine", rate, r.sent(), r.received(), (processCpuNanos(pid) - before) / 1e9, r.seconds(),
                        r.latency());
            }
        }
    }

    private static List<RtpLoad.Endpoint> throughRtpEngine(RtpEngineControl control, RtpLoad load, int streams)
            throws Exception {
        List<RtpLoad.Endpoint> endpoints = new ArrayList<>();
        for (int i = 0; i < streams; i++) {
            RtpLoad.Endpoint a = load.open(SIDE_A, 2 * i);
            RtpLoad.Endpoint b = load.open(SIDE_B, 2 * i + 1);
            String call = "bench-" + i + "-" + System.nanoTime();
            b.target = new InetSocketAddress("127.0.0.1", port(control.offer(call, "a" + i, sdp(a))));
            a.target = new InetSocketAddress("127.0.0.1", port(control.answer(call, "a" + i, "b" + i, sdp(b))));
            endpoints.add(a);
            endpoints.add(b);
        }
        return endpoints;
    }

    private static List<RtpLoad.Endpoint> throughRelay(MediaRelay relay, RtpLoad load, int streams) throws Exception {
        List<RtpLoad.Endpoint> endpoints = new ArrayList<>();
        for (int i = 0; i < streams; i++) {
            MediaSession session = relay.newSession("bench-" + i);
            RtpLoad.Endpoint a = load.open(SIDE_A, 2 * i);
            RtpLoad.Endpoint b = load.open(SIDE_B, 2 * i + 1);
            b.target = new InetSocketAddress("127.0.0.1", port(session.offer(Side.CALLER, sdp(a))));
            a.target = new InetSocketAddress("127.0.0.1", port(session.answer(Side.CALLEE, sdp(b))));
            endpoints.add(a);
            endpoints.add(b);
        }
        return endpoints;
    }

    /**
     * Our relay and rtpengine side by side: at each rate, trials alternate between the two (same
     * generator, same streams), so a host whose speed drifts over minutes treats both alike; the
     * ratio is of the median packets per CPU-second.
     */
    private static void compare(int ngPort, long pid, int streams, double seconds, int[] rates, int rounds)
            throws Exception {
        try (MediaRelay relay = newRelay(40000, 41999);
                RtpEngineControl control = new RtpEngineControl(new InetSocketAddress("127.0.0.1", ngPort));
                RtpLoad load = new RtpLoad()) {
            List<RtpLoad.Endpoint> ours = throughRelay(relay, load, streams);
            List<RtpLoad.Endpoint> theirs = throughRtpEngine(control, load, streams);
            RtpLoad.run(ours, ours, new RtpLoad.Sink(), rates[0], seconds); // JIT warm-up, not counted
            for (int rate : rates) {
                double[] oursPps = new double[rounds];
                double[] theirsPps = new double[rounds];
                long lost = 0;
                for (int round = 0; round < rounds; round++) {
                    long before = relayCpuNanos();
                    RtpLoad.Result r = RtpLoad.run(ours, ours, new RtpLoad.Sink(), rate, seconds);
                    double cpu = (relayCpuNanos() - before) / 1e9;
                    print("relay", rate, r.sent(), r.received(), cpu, r.seconds(), r.latency());
                    oursPps[round] = r.received() / cpu;
                    lost += r.lost();
                    before = processCpuNanos(pid);
                    r = RtpLoad.run(theirs, theirs, new RtpLoad.Sink(), rate, seconds);
                    cpu = (processCpuNanos(pid) - before) / 1e9;
                    print("rtpengine", rate, r.sent(), r.received(), cpu, r.seconds(), r.latency());
                    theirsPps[round] = r.received() / cpu;
                    lost += r.lost();
                }
                java.util.Arrays.sort(oursPps);
                java.util.Arrays.sort(theirsPps);
                double o = oursPps[rounds / 2];
                double t = theirsPps[rounds / 2];
                System.out.printf("RESULT mode=ratio rate=%d rounds=%d oursPpsPerCore=%.0f rtpenginePpsPerCore=%.0f"
                        + " ratio=%.2f lostEither=%d%n", rate, rounds, o, t, o / t, lost);
            }
        }
    }

    private static void direct(int streams, double seconds, int rate) throws Exception {
        try (RtpLoad load = new RtpLoad()) {
            List<RtpLoad.Endpoint> endpoints = directPairs(load, streams);
            RtpLoad.Result r = RtpLoad.run(endpoints, endpoints, new RtpLoad.Sink(), rate, seconds);
            print("direct", rate, r.sent(), r.received(), 0, r.seconds(), r.latency());
        }
    }

    /** Pairs of endpoints that send to each other with nothing in between: the latency floor. */
    private static List<RtpLoad.Endpoint> directPairs(RtpLoad load, int streams) throws Exception {
        List<RtpLoad.Endpoint> endpoints = new ArrayList<>();
        for (int i = 0; i < streams; i++) {
            RtpLoad.Endpoint a = load.open(SIDE_A, 2 * i);
            RtpLoad.Endpoint b = load.open(SIDE_B, 2 * i + 1);
            a.target = (InetSocketAddress) b.channel.getLocalAddress();
            b.target = (InetSocketAddress) a.channel.getLocalAddress();
            endpoints.add(a);
            endpoints.add(b);
        }
        return endpoints;
    }

    /**
     * Added latency, measured so a noisy host cancels out: short trials alternate between the
     * relayed path and the direct floor at the same rate, and the medians of their percentiles
     * are compared.
     */
    private static void latency(int streams, double seconds, int rate, int rounds) throws Exception {
        try (MediaRelay relay = newRelay(43000, 44999); RtpLoad load = new RtpLoad()) {
            List<RtpLoad.Endpoint> relayed = throughRelay(relay, load, streams);
            List<RtpLoad.Endpoint> direct = directPairs(load, streams);
            RtpLoad.run(relayed, relayed, new RtpLoad.Sink(), rate, seconds); // warm-up, not counted
            double[][] p = new double[4][rounds];
            for (int round = 0; round < rounds; round++) {
                RtpLoad.Result d = RtpLoad.run(direct, direct, new RtpLoad.Sink(), rate, seconds);
                RtpLoad.Result r = RtpLoad.run(relayed, relayed, new RtpLoad.Sink(), rate, seconds);
                p[0][round] = d.latency().percentileMicros(0.50);
                p[1][round] = d.latency().percentileMicros(0.99);
                p[2][round] = r.latency().percentileMicros(0.50);
                p[3][round] = r.latency().percentileMicros(0.99);
                System.out.printf("trial %d at %d/s: direct p50/p99 %.0f/%.0f us (lost %d), relayed %.0f/%.0f us (lost %d)%n",
                        round + 1, rate, p[0][round], p[1][round], d.lost(), p[2][round], p[3][round], r.lost());
            }
            double[] m = new double[4];
            for (int i = 0; i < 4; i++) {
                java.util.Arrays.sort(p[i]);
                m[i] = p[i][rounds / 2];
            }
            System.out.printf("RESULT mode=latency rate=%d rounds=%d directP50us=%.0f directP99us=%.0f relayedP50us=%.0f"
                    + " relayedP99us=%.0f addedP50us=%.0f addedP99us=%.0f%n", rate, rounds, m[0], m[1], m[2], m[3],
                    m[2] - m[0], m[3] - m[1]);
        }
    }

    private static void heap(int sessions) throws Exception {
        try (MediaRelay relay = newRelay(42000, 42000 + 4 * sessions + 3); RtpLoad load = new RtpLoad()) {
            List<String[]> sdps = new ArrayList<>();
            for (int i = 0; i < sessions; i++) {
                sdps.add(new String[] {sdp(load.open(SIDE_A, 2 * i)), sdp(load.open(SIDE_B, 2 * i + 1))});
            }
            long before = usedHeapAfterGc();
            List<MediaSession> live = new ArrayList<>();
            for (String[] pair : sdps) {
                MediaSession session = relay.newSession("heap");
                session.offer(Side.CALLER, pair[0]);
                session.answer(Side.CALLEE, pair[1]);
                live.add(session);
            }
            long after = usedHeapAfterGc();
            System.out.printf("RESULT mode=heap sessions=%d bytesPerCall=%d%n", sessions, (after - before) / sessions);
            live.forEach(MediaSession::close);
        }
    }

    private static long usedHeapAfterGc() throws InterruptedException {
        for (int i = 0; i < 3; i++) {
            System.gc();
            Thread.sleep(200);
        }
        Runtime rt = Runtime.getRuntime();
        return rt.totalMemory() - rt.freeMemory();
    }

    private static void print(String mode, int rate, long sent, long received, double cpuSeconds, double seconds,
            LatencyHistogram latency) {
        double cpuShare = cpuSeconds / seconds;
        System.out.printf("RESULT mode=%s rate=%d sent=%d received=%d lost=%d relayCpu=%.0f%% ppsPerCore=%.0f"
                        + " p50us=%.0f p90us=%.0f p99us=%.0f p999us=%.0f%n", mode, rate, sent, received,
                sent - received, 100 * cpuShare, cpuSeconds > 0 ? received / cpuSeconds : 0,
                latency.percentileMicros(0.50), latency.percentileMicros(0.90), latency.percentileMicros(0.99),
                latency.percentileMicros(0.999));
    }

    /** CPU time of the relay's loop thread (the relay has one loop here). */
    private static long relayCpuNanos() {
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        for (Thread t : Thread.getAllStackTraces().keySet()) {
            if (t.getName().equals("media-relay-0")) {
                return threads.getThreadCpuTime(t.getId());
            }
        }
        throw new IllegalStateException("no relay loop thread");
    }

    /** Bytes the relay's loop thread allocated so far (HotSpot's exact per-thread counter). */
    private static long relayAllocatedBytes() {
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        for (Thread t : Thread.getAllStackTraces().keySet()) {
            if (t.getName().equals("media-relay-0")) {
                return threads.getThreadAllocatedBytes(t.getId());
            }
        }
        throw new IllegalStateException("no relay loop thread");
    }

    /** utime + stime of a process, from /proc (clock ticks of 10 ms). */
    private static long processCpuNanos(long pid) throws Exception {
        String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
        String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return (Long.parseLong(f[11]) + Long.parseLong(f[12])) * 10_000_000L;
    }
}
