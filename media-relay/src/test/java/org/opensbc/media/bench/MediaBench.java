package org.opensbc.media.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
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
 *   dtls      PAIRS SECONDS                  DTLS-SRTP handshakes per second
 *   heap      SESSIONS                       heap per anchored phone-to-phone call
 * </pre>
 * RATE is packets per second in total (both directions). Every run is bounded by SECONDS. The
 * generator here is Java (it drives the WebRTC peers' SRTP); the plain relaying comparison with
 * rtpengine runs on benchmarks/rtpgen.c instead ({@link RelayCallBench}).
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
            case "dtls" -> System.out.printf("RESULT mode=dtls pairs=%s handshakesPerSecond=%.0f%n", args[1],
                    DtlsHandshakeBench.run(Integer.parseInt(args[1]), Double.parseDouble(args[2])));
            case "heap" -> heap(Integer.parseInt(args[1]));
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
}
