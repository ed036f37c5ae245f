package org.opensbc.media.relay;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.util.Arrays;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.opensbc.media.sdp.SdpParser;

/** Real UDP sockets on loopback: two phones talking through the relay, and strangers trying to. */
@Timeout(30)
class PlainRelayTest {

    private static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();
    private MediaRelay relay;
    private DatagramSocket phoneA;
    private DatagramSocket phoneB;
    private DatagramSocket stranger;

    @BeforeEach
    void start() throws IOException {
        relay = new MediaRelay(new RelayConfig(LOOPBACK, "127.0.0.1", 33100, 33199, 2));
        phoneA = socket("127.0.0.5");
        phoneB = socket("127.0.0.6");
        stranger = socket("127.0.0.7");
    }

    @AfterEach
    void stop() {
        relay.close();
        phoneA.close();
        phoneB.close();
        stranger.close();
    }

    @Test
    void rtpFlowsBothWaysFromTheGatewaysPorts() throws Exception {
        try (MediaSession session = relay.newSession("call-1")) {
            int towardsB = port(session.offer(Side.CALLER, sdp(phoneA)));
            int towardsA = port(session.answer(Side.CALLEE, sdp(phoneB)));

            byte[] fromA = rtp(0, 1, 0x1111);
            send(phoneA, fromA, towardsA);
            DatagramPacket atB = receive(phoneB);
            assertArrayEquals(fromA, Arrays.copyOf(atB.getData(), atB.getLength()));
            assertEquals(towardsB, atB.getPort(), "B hears the gateway's port from its SDP");

            byte[] fromB = rtp(0, 7, 0x2222);
            send(phoneB, fromB, towardsB);
            DatagramPacket atA = receive(phoneA);
            assertArrayEquals(fromB, Arrays.copyOf(atA.getData(), atA.getLength()));
            assertEquals(towardsA, atA.getPort());
            assertEquals(phoneA.getLocalSocketAddress(), session.latched(0, Side.CALLER));
        }
        assertEquals(0, relay.portPairsInUse());
        assertEquals(0, relay.activeSessions());
    }

    /**
     * A transfer: the peer on one side is replaced. The side that stays keeps its gateway port
     * (nothing to tell it but the codecs), the new peer gets a port of its own, the old one is freed,
     * and media flows between the new pair.
     */
    @Test
    void aReplacedPeerGetsNewPortsWhileTheOtherSideKeepsItsOwn() throws Exception {
        try (MediaSession session = relay.newSession("call-replaced")) {
            int towardsB = port(session.offer(Side.CALLER, sdp(phoneA)));
            int towardsA = port(session.answer(Side.CALLEE, sdp(phoneB)));
            assertEquals(2, relay.portPairsInUse());

            session.replacePeer(Side.CALLER); // A leaves; the stranger's socket plays the new peer C
            assertEquals(1, relay.portPairsInUse(), "A's pair is freed at once");
            int towardsBAgain = port(session.offer(Side.CALLER, sdp(stranger)));
            assertEquals(towardsB, towardsBAgain, "B keeps sending to the same gateway port");
            int towardsC = port(session.answer(Side.CALLEE, sdp(phoneB)));
            assertTrue(towardsC != towardsA || relay.portPairsInUse() == 2, "C has a port of its own");

            byte[] fromC = rtp(0, 1, 0x3333);
            send(stranger, fromC, towardsC);
            DatagramPacket atB = receive(phoneB);
            assertArrayEquals(fromC, Arrays.copyOf(atB.getData(), atB.getLength()));
            assertEquals(towardsB, atB.getPort());
            byte[] fromB = rtp(0, 9, 0x4444);
            send(phoneB, fromB, towardsB);
            DatagramPacket atC = receive(stranger);
            assertArrayEquals(fromB, Arrays.copyOf(atC.getData(), atC.getLength()));
        }
        assertEquals(0, relay.portPairsInUse(), "every port back, the survivor's too");
    }

    @Test
    void afterLatchingPacketsFromOtherSourcesAreDroppedAndCounted() throws Exception {
        try (MediaSession session = relay.newSession("call-2")) {
            port(session.offer(Side.CALLER, sdp(phoneA)));
            int towardsA = port(session.answer(Side.CALLEE, sdp(phoneB)));
            send(phoneA, rtp(0, 1, 0x1111), towardsA);
            receive(phoneB);

            for (int i = 0; i < 100; i++) {
                send(stranger, rtp(0, 100 + i, 0x6666), towardsA); // RTP bleed / injection
            }
            send(stranger, new byte[] {1, 2, 3}, towardsA);
            send(phoneA, rtp(0, 2, 0x1111), towardsA);
            DatagramPacket next = receive(phoneB);
            assertEquals(0x1111, ssrc(next), "the next packet B hears is A's, not the stranger's");
            awaitCount(() -> session.counters(0, Side.CALLER).foreign(), 100);
            awaitCount(() -> session.counters(0, Side.CALLER).malformed(), 1);
            awaitCount(() -> session.counters(0, Side.CALLER).relayed(), 2);
        }
    }

    @Test
    void aMalformedFirstPacketDoesNotLatch() throws Exception {
        try (MediaSession session = relay.newSession("call-3")) {
            port(session.offer(Side.CALLER, sdp(phoneA)));
            int towardsA = port(session.answer(Side.CALLEE, sdp(phoneB)));
            send(stranger, new byte[] {(byte) 0x80, 0, 0}, towardsA);
            awaitCount(() -> session.counters(0, Side.CALLER).malformed(), 1);
            assertNull(session.latched(0, Side.CALLER));
            send(phoneA, rtp(0, 1, 0x1111), towardsA);
            receive(phoneB);
            assertEquals(phoneA.getLocalSocketAddress(), session.latched(0, Side.CALLER));
        }
    }

    @Test
    void aNewAddressInAReInviteMovesTheLatch() throws Exception {
        try (MediaSession session = relay.newSession("call-4")) {
            int towardsB = port(session.offer(Side.CALLER, sdp(phoneA)));
            int towardsA = port(session.answer(Side.CALLEE, sdp(phoneB)));
            send(phoneA, rtp(0, 1, 0x1111), towardsA);
            receive(phoneB);
            // A's media moves to the stranger's socket (say, a transfer): A's re-INVITE says so
            assertEquals(towardsB, port(session.offer(Side.CALLER, sdp(stranger))), "B keeps the same gateway port");
            send(stranger, rtp(0, 500, 0x3333), towardsA);
            DatagramPacket moved = receive(phoneB);
            assertEquals(0x1111, ssrc(moved), "B keeps seeing one stream from the new source");
            assertEquals(2, ((moved.getData()[2] & 0xFF) << 8) | (moved.getData()[3] & 0xFF), "the next sequence number");
        }
    }

    @Test
    void rtcpGoesPortPlusOneToPortPlusOne() throws Exception {
        try (MediaSession session = relay.newSession("call-5");
                DatagramSocket rtcpA = new DatagramSocket(new InetSocketAddress("127.0.0.5", phoneA.getLocalPort() + 1));
                DatagramSocket rtcpB = new DatagramSocket(new InetSocketAddress("127.0.0.6", phoneB.getLocalPort() + 1))) {
            rtcpB.setSoTimeout(2000);
            port(session.offer(Side.CALLER, sdp(phoneA)));
            int towardsA = port(session.answer(Side.CALLEE, sdp(phoneB)));
            byte[] report = {(byte) 0x80, (byte) 200, 0, 1, 0, 0, 0x11, 0x11};
            send(rtcpA, report, towardsA + 1);
            DatagramPacket got = receive(rtcpB);
            assertArrayEquals(report, Arrays.copyOf(got.getData(), got.getLength()));
        }
    }

    @Test
    void closedSessionsFreeTheirPortsAndRefuseMoreWork() throws Exception {
        MediaSession session = relay.newSession("call-6");
        session.offer(Side.CALLER, sdp(phoneA));
        assertEquals(2, relay.portPairsInUse());
        session.close();
        session.close();
        assertEquals(0, relay.portPairsInUse());
        assertThrows(MediaException.class, () -> session.answer(Side.CALLEE, sdp(phoneB)));
    }

    @Test
    void anOfferWithOnlySdesSrtpIsRefusedWith304() throws Exception {
        try (MediaSession session = relay.newSession("call-7")) {
            MediaException e = assertThrows(MediaException.class,
                    () -> session.offer(Side.CALLER, sdp(phoneA).replace("RTP/AVP", "RTP/SAVP")));
            assertEquals(304, e.warnCode());
            assertEquals(0, relay.portPairsInUse());
        }
    }

    @Test
    void runningOutOfPortsIsARetryableError() throws Exception {
        try (MediaRelay small = new MediaRelay(new RelayConfig(LOOPBACK, "127.0.0.1", 33200, 33203, 1));
                MediaSession first = small.newSession("a");
                MediaSession second = small.newSession("b")) {
            first.offer(Side.CALLER, sdp(phoneA));
            MediaException e = assertThrows(MediaException.class, () -> second.offer(Side.CALLER, sdp(phoneA)));
            assertTrue(e.retryable());
            assertEquals(2, small.portPairsInUse());
        }
    }

    @Test
    void telephoneEventNumbersAreMappedAndTheAnswerKeepsTheOffersNumbers() throws Exception {
        try (MediaSession session = relay.newSession("call-8")) {
            String offer = sdp(phoneA).replace("RTP/AVP 0", "RTP/AVP 0 101") + "a=rtpmap:101 telephone-event/8000\r\n";
            int towardsB = port(session.offer(Side.CALLER, offer));
            String answer = sdp(phoneB).replace("RTP/AVP 0", "RTP/AVP 0 96") + "a=rtpmap:96 telephone-event/8000\r\n"
                    + "a=fmtp:96 0-15\r\n";
            String toA = session.answer(Side.CALLEE, answer);
            assertEquals(java.util.List.of("0", "101"), SdpParser.parse(toA).media().get(0).formats(), toA);
            assertTrue(toA.contains("a=rtpmap:101 telephone-event/8000") && toA.contains("a=fmtp:101 0-15"), toA);
            int towardsA = port(toA);

            byte[] digit = rtp(101, 1, 0x1111);
            digit[1] |= (byte) 0x80; // marker: the event's first packet
            send(phoneA, digit, towardsA);
            DatagramPacket atB = receive(phoneB);
            assertEquals(0x80 | 96, atB.getData()[1] & 0xFF, "B gets its own number, marker kept");
            send(phoneB, rtp(96, 1, 0x2222), towardsB);
            assertEquals(101, receive(phoneA).getData()[1] & 0xFF, "A gets its own number back");
            send(phoneA, rtp(0, 2, 0x1111), towardsA);
            assertEquals(0, receive(phoneB).getData()[1] & 0xFF, "PCMU is 0 on both sides");
        }
    }

    // --- helpers

    private static DatagramSocket socket(String address) throws IOException {
        DatagramSocket socket = new DatagramSocket(new InetSocketAddress(address, 0));
        socket.setSoTimeout(2000);
        return socket;
    }

    private static String sdp(DatagramSocket phone) {
        String ip = phone.getLocalAddress().getHostAddress();
        return "v=0\r\no=- 1 1 IN IP4 " + ip + "\r\ns=-\r\nc=IN IP4 " + ip + "\r\nt=0 0\r\n"
                + "m=audio " + phone.getLocalPort() + " RTP/AVP 0\r\na=rtpmap:0 PCMU/8000\r\n";
    }

    private static int port(String sdp) throws Exception {
        return SdpParser.parse(sdp).media().get(0).port();
    }

    static byte[] rtp(int payloadType, int sequence, int ssrc) {
        byte[] packet = new byte[12 + 160];
        packet[0] = (byte) 0x80;
        packet[1] = (byte) payloadType;
        packet[2] = (byte) (sequence >> 8);
        packet[3] = (byte) sequence;
        packet[8] = (byte) (ssrc >> 24);
        packet[9] = (byte) (ssrc >> 16);
        packet[10] = (byte) (ssrc >> 8);
        packet[11] = (byte) ssrc;
        return packet;
    }

    private static int ssrc(DatagramPacket packet) {
        byte[] d = packet.getData();
        return ((d[8] & 0xFF) << 24) | ((d[9] & 0xFF) << 16) | ((d[10] & 0xFF) << 8) | (d[11] & 0xFF);
    }

    private static void send(DatagramSocket from, byte[] data, int gatewayPort) throws IOException {
        from.send(new DatagramPacket(data, data.length, LOOPBACK, gatewayPort));
    }

    private static DatagramPacket receive(DatagramSocket socket) throws IOException {
        DatagramPacket packet = new DatagramPacket(new byte[2048], 2048);
        try {
            socket.receive(packet);
        } catch (SocketTimeoutException e) {
            throw new AssertionError("nothing arrived at " + socket.getLocalSocketAddress(), e);
        }
        return packet;
    }

    private static void awaitCount(java.util.function.LongSupplier counter, long expected) throws InterruptedException {
        long deadline = System.nanoTime() + 5_000_000_000L;
        while (counter.getAsLong() < expected && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertEquals(expected, counter.getAsLong());
    }
}
