package org.opensbc.media.relay;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.net.StandardProtocolFamily;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.opensbc.media.sdp.MediaDescription;
import org.opensbc.media.sdp.SdpParser;
import org.opensbc.media.sdp.SessionDescription;
import org.opensbc.media.webrtc.BrowserPeer;

/**
 * IPv4<->IPv6 interworking in the relay: bound to "::" (dual-stack), advertising 127.0.0.1 and
 * ::1. A phone on ::1 and a phone on 127.0.0.6 each get SDP naming the relay in their own
 * family (c= and o=) and nothing of the other, and RTP crosses between the families; a browser
 * on ::1 finds an IPv6 host candidate and completes ICE and DTLS on it.
 */
@Timeout(60)
class DualStackRelayTest {

    private static final InetAddress V4 = loopback("127.0.0.1");
    private static final InetAddress V6 = loopback("::1");
    private MediaRelay relay;
    private DatagramSocket phoneV6;
    private DatagramSocket phoneV4;

    @BeforeEach
    void start() throws IOException {
        relay = new MediaRelay(new RelayConfig(InetAddress.getByName("::"), "127.0.0.1", 33700, 33799, 1)
                .withAdvertisedAddressV6("::1"));
        phoneV6 = socket("::1");
        phoneV4 = socket("127.0.0.6");
    }

    @AfterEach
    void stop() {
        relay.close();
        phoneV6.close();
        phoneV4.close();
    }

    @Test
    void anIpv6PhoneAndAnIpv4PhoneEachSeeTheRelayInTheirOwnFamilyAndRtpCrosses() throws Exception {
        try (MediaSession session = relay.newSession("ds1")) {
            // the callee's signalling is IPv4 (as the gateway learns from its hop)
            String toV4 = session.offer(Side.CALLER, sdp(phoneV6), Profile.PLAIN, StandardProtocolFamily.INET);
            assertFamily(toV4, "IP4", "127.0.0.1");
            assertFalse(toV4.contains("::1"), "the IPv6 phone (or the relay's IPv6) reached the IPv4 phone:\n" + toV4);
            // the caller's family comes from its own c= line: nothing else told the session
            String toV6 = session.answer(Side.CALLEE, sdp(phoneV4));
            assertFamily(toV6, "IP6", "::1");
            assertFalse(toV6.contains("127.0.0."), "the IPv4 phone (or the relay's IPv4) reached the IPv6 phone:\n" + toV6);

            int towardsV6 = port(toV6);
            int towardsV4 = port(toV4);
            byte[] spoken = PlainRelayTest.rtp(0, 1, 0x1111);
            phoneV6.send(new DatagramPacket(spoken, spoken.length, new InetSocketAddress(V6, towardsV6)));
            DatagramPacket atV4 = receive(phoneV4);
            assertArrayEquals(spoken, Arrays.copyOf(atV4.getData(), atV4.getLength()));
            assertEquals(new InetSocketAddress(V4, towardsV4), atV4.getSocketAddress(),
                    "the IPv4 phone hears the relay's IPv4 address and the port its SDP names");

            byte[] heard = PlainRelayTest.rtp(0, 9, 0x2222);
            phoneV4.send(new DatagramPacket(heard, heard.length, new InetSocketAddress(V4, towardsV4)));
            DatagramPacket atV6 = receive(phoneV6);
            assertArrayEquals(heard, Arrays.copyOf(atV6.getData(), atV6.getLength()));
            assertEquals(new InetSocketAddress(V6, towardsV6), atV6.getSocketAddress());
            assertEquals(phoneV6.getLocalSocketAddress(), session.latched(0, Side.CALLER));
            assertEquals(phoneV4.getLocalSocketAddress(), session.latched(0, Side.CALLEE));
        }
        assertEquals(0, relay.portPairsInUse());
    }

    @Test
    void theSignalledFamilyHoldsUntilTheSidesOwnSdpNamesAnother() throws Exception {
        try (MediaSession session = relay.newSession("ds2")) {
            session.signalledFamily(Side.CALLEE, StandardProtocolFamily.INET6); // registered over IPv6
            assertFamily(session.offer(Side.CALLER, sdp(phoneV4), Profile.PLAIN), "IP6", "::1");
            // a dual-stack phone that signals over IPv6 but wants its media on IPv4: its re-offers say so
            session.answer(Side.CALLEE, sdp(phoneV4));
            assertFamily(session.offer(Side.CALLER, sdp(phoneV4)), "IP4", "127.0.0.1");
            // a hold address says nothing about the family: the last one stays
            session.answer(Side.CALLEE, sdp(phoneV4).replace("c=IN IP4 127.0.0.6", "c=IN IP4 0.0.0.0"));
            assertFamily(session.offer(Side.CALLER, sdp(phoneV4)), "IP4", "127.0.0.1");
        }
    }

    @Test
    void eachFamilyIsServedWhereTheSocketCanReachIt() throws Exception {
        InetAddress remoteV6 = InetAddress.getByName("2001:db8::7");
        InetAddress remoteV4 = InetAddress.getByName("198.51.100.7");
        try (MediaRelay v4Only = new MediaRelay(new RelayConfig(InetAddress.getByName("0.0.0.0"), "198.51.100.1",
                33800, 33809, 1));
                MediaRelay loopV6 = new MediaRelay(new RelayConfig(V6, "::1", 33810, 33819, 1));
                MediaRelay loopV4 = new MediaRelay(new RelayConfig(V4, "127.0.0.1", 33820, 33829, 1));
                MediaRelay dual = new MediaRelay(new RelayConfig(InetAddress.getByName("::"), "198.51.100.1", 33830,
                        33839, 1).withAdvertisedAddressV6("2001:db8::1"))) {
            assertTrue(dual.canReach(remoteV6) && dual.canReach(remoteV4) && dual.canReach(V6) && dual.canReach(V4),
                    "\"::\" serves both families, loopback included");
            assertFalse(dual.canReach(InetAddress.getByName("fe80::1")), "never link-local");
            assertTrue(relay.canReach(V6) && relay.canReach(V4) && !relay.canReach(remoteV6) && !relay.canReach(remoteV4),
                    "advertising only loopback: peers on this host's loopback only");
            assertTrue(v4Only.canReach(remoteV4) && !v4Only.canReach(remoteV6), "0.0.0.0 is IPv4 only");
            assertTrue(loopV6.canReach(V6) && !loopV6.canReach(V4) && !loopV6.canReach(remoteV6),
                    "::1 serves IPv6 loopback only, as 127.0.0.1 serves IPv4 loopback");
            assertTrue(loopV4.canReach(V4) && !loopV4.canReach(V6));
            assertEquals("198.51.100.1", v4Only.advertisedAddress(StandardProtocolFamily.INET6),
                    "an IPv4-only relay has nothing else to give an IPv6 peer");
            assertEquals("::1", relay.advertisedAddress(StandardProtocolFamily.INET6));
            assertEquals("127.0.0.1", relay.advertisedAddress(null), "no family known: the primary address");
        }
    }

    @Test
    void anIpv6BrowserCompletesIceOnTheIpv6CandidateAndTalksToAnIpv4Phone() throws Exception {
        try (BrowserPeer browser = new BrowserPeer("::1"); MediaSession session = relay.newSession("ds3")) {
            String toPhone = session.offer(Side.CALLER, browser.offer(false), Profile.PLAIN, StandardProtocolFamily.INET);
            assertFamily(toPhone, "IP4", "127.0.0.1");
            SessionDescription toBrowser = SdpParser.parse(session.answer(Side.CALLEE, sdp(phoneV4)));
            MediaDescription audio = toBrowser.media().get(0);
            List<String> candidates = audio.attributes("candidate");
            assertEquals(2, candidates.size(), "one host candidate per family: " + candidates);
            assertTrue(candidates.get(0).contains(" 127.0.0.1 " + audio.port() + " typ host"), candidates.get(0));
            assertTrue(candidates.get(1).contains(" ::1 " + audio.port() + " typ host"), candidates.get(1));
            assertFalse(toBrowser.toString().contains("127.0.0.6"), "the phone's address stays on its side");

            browser.accept(toBrowser.toString());
            assertTrue(browser.awaitSecure(15), "ICE and DTLS complete over IPv6");
            assertEquals(new InetSocketAddress(V6, audio.port()), browser.selected());
            awaitSecure(session, Side.CALLER);

            byte[] spoken = PlainRelayTest.rtp(0, 1, 0x1111);
            browser.send(spoken, false);
            DatagramPacket atPhone = receive(phoneV4);
            assertArrayEquals(spoken, Arrays.copyOf(atPhone.getData(), atPhone.getLength()), "plain RTP at the phone");
            byte[] heard = PlainRelayTest.rtp(0, 9, 0x2222);
            phoneV4.send(new DatagramPacket(heard, heard.length, new InetSocketAddress(V4, port(toPhone))));
            assertArrayEquals(heard, browser.receive(3000), "the browser decrypts what the IPv4 phone sent");
        }
    }

    @Test
    void anIpv4BrowserStillCompletesIceOnTheIpv4Candidate() throws Exception {
        try (BrowserPeer browser = new BrowserPeer("127.0.0.5"); MediaSession session = relay.newSession("ds4")) {
            session.offer(Side.CALLER, browser.offer(false), Profile.PLAIN);
            SessionDescription toBrowser = SdpParser.parse(session.answer(Side.CALLEE, sdp(phoneV6)));
            browser.accept(toBrowser.toString());
            assertTrue(browser.awaitSecure(15), "ICE and DTLS complete over IPv4");
            assertEquals(new InetSocketAddress(V4, toBrowser.media().get(0).port()), browser.selected());
        }
    }

    // --- helpers

    /** c= and o= name the relay by {@code address}, of {@code family} ("IP4", "IP6"). */
    private static void assertFamily(String sdp, String family, String address) {
        assertTrue(sdp.contains("\r\nc=IN " + family + " " + address + "\r\n"), "c=:\n" + sdp);
        assertTrue(sdp.matches("(?s).*\r\no=opensbc \\d+ \\d+ IN " + family + " " + address.replace(".", "\\.") + "\r\n.*"),
                "o=:\n" + sdp);
    }

    private static InetAddress loopback(String literal) {
        try {
            return InetAddress.getByName(literal);
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    private static DatagramSocket socket(String address) throws IOException {
        DatagramSocket socket = new DatagramSocket(new InetSocketAddress(address, 0));
        socket.setSoTimeout(3000);
        return socket;
    }

    /** A phone's offer or answer from its socket's address, IN IP6 on IPv6. */
    private static String sdp(DatagramSocket phone) {
        boolean v6 = phone.getLocalAddress().getHostAddress().contains(":");
        String ip = v6 ? "::1" : phone.getLocalAddress().getHostAddress();
        String family = v6 ? "IP6" : "IP4";
        return "v=0\r\no=- 1 1 IN " + family + " " + ip + "\r\ns=-\r\nc=IN " + family + " " + ip + "\r\nt=0 0\r\n"
                + "m=audio " + phone.getLocalPort() + " RTP/AVP 0\r\na=rtpmap:0 PCMU/8000\r\n";
    }

    private static int port(String sdp) throws Exception {
        return SdpParser.parse(sdp).media().get(0).port();
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

    private static void awaitSecure(MediaSession session, Side side) throws InterruptedException {
        long deadline = System.nanoTime() + 5_000_000_000L;
        while (!session.isSecure(side) && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertTrue(session.isSecure(side));
    }
}
