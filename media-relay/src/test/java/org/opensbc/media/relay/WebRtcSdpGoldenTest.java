package org.opensbc.media.relay;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.net.InetAddress;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.opensbc.media.sdp.SdpParser;
import org.opensbc.media.sdp.SessionDescription;

/**
 * Golden SDP between the profiles: Chrome's offer (audio + video, BUNDLE, candidates including an
 * mDNS one, header extensions, SSRCs) towards a phone, and a phone's offer towards a browser.
 * The gateway's random parts (ports, o= numbers, ICE credentials, fingerprint) are placeholders.
 */
class WebRtcSdpGoldenTest {

    private MediaRelay relay;

    @BeforeEach
    void start() throws IOException {
        relay = new MediaRelay(new RelayConfig(InetAddress.getLoopbackAddress(), "203.0.113.9", 33400, 33499, 1));
    }

    @AfterEach
    void stop() {
        relay.close();
    }

    @Test
    void chromeOfferTowardsAPhone() throws Exception {
        try (MediaSession session = relay.newSession("golden-w1")) {
            String out = session.offer(Side.CALLER, PlainSdpGoldenTest.resource("chrome-offer.sdp"), Profile.PLAIN);
            assertGolden("chrome-offer.to-plain.sdp", PlainSdpGoldenTest.placeholders(out));
        }
    }

    @Test
    void phoneOfferTowardsABrowser() throws Exception {
        try (MediaSession session = relay.newSession("golden-w2")) {
            String out = session.offer(Side.CALLER, PlainSdpGoldenTest.resource("phone-offer.sdp"), Profile.WEBRTC);
            assertGolden("phone-offer.to-webrtc.sdp", webrtcPlaceholders(out));
        }
    }

    /** A missing golden file is written under target/golden for review (and the test fails). */
    private static void assertGolden(String name, String actual) throws IOException {
        if (WebRtcSdpGoldenTest.class.getResource("/sdp/" + name) == null) {
            java.nio.file.Path out = java.nio.file.Path.of("target/golden", name);
            java.nio.file.Files.createDirectories(out.getParent());
            java.nio.file.Files.writeString(out, actual);
            org.junit.jupiter.api.Assertions.fail("no golden file " + name + "; actual output written to " + out);
        }
        assertEquals(PlainSdpGoldenTest.resource(name), actual);
    }

    /** As {@link PlainSdpGoldenTest#placeholders}, plus {UFRAG}, {PWD}, {FINGERPRINT} and the bundled {PORT}. */
    private static String webrtcPlaceholders(String sdp) throws Exception {
        SessionDescription parsed = SdpParser.parse(sdp);
        String ufrag = parsed.media().get(0).attribute("ice-ufrag").orElseThrow();
        String pwd = parsed.media().get(0).attribute("ice-pwd").orElseThrow();
        String fingerprint = parsed.media().get(0).attribute("fingerprint").orElseThrow();
        String port = Integer.toString(parsed.media().get(0).port());
        return sdp.replaceFirst("o=opensbc \\d+ \\d+ ", "o=opensbc SESSION VERSION ")
                .replace("a=ice-ufrag:" + ufrag + "\r\n", "a=ice-ufrag:{UFRAG}\r\n")
                .replace("a=ice-pwd:" + pwd + "\r\n", "a=ice-pwd:{PWD}\r\n")
                .replace("a=fingerprint:" + fingerprint + "\r\n", "a=fingerprint:{FINGERPRINT}\r\n")
                .replaceAll("(m=\\w+ )" + port + " ", "$1{PORT} ")
                .replaceAll(Pattern.quote(" " + port + " typ host"), Matcher.quoteReplacement(" {PORT} typ host"));
    }
}
