package org.opensbc.media.relay;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.opensbc.media.sdp.SdpParser;
import org.opensbc.media.sdp.SessionDescription;

/**
 * Golden SDP: a description in, the anchored description out, compared line for line with the
 * gateway's ports and o= numbers replaced by placeholders ({PORT0}, {PORT0+1}, SESSION VERSION).
 */
class PlainSdpGoldenTest {

    private MediaRelay relay;

    @BeforeEach
    void start() throws IOException {
        relay = new MediaRelay(new RelayConfig(InetAddress.getLoopbackAddress(), "203.0.113.9", 33000, 33099, 1));
    }

    @AfterEach
    void stop() {
        relay.close();
    }

    @Test
    void phoneOfferTowardsAPlainSide() throws Exception {
        try (MediaSession session = relay.newSession("golden-1")) {
            String out = session.offer(Side.CALLER, resource("phone-offer.sdp"));
            assertEquals(resource("phone-offer.to-plain.sdp"), placeholders(out));
        }
    }

    @Test
    void theSameOfferAgainKeepsPortsAndVersionAndAChangeBumpsTheVersion() throws Exception {
        try (MediaSession session = relay.newSession("golden-2")) {
            String first = session.offer(Side.CALLER, resource("phone-offer.sdp"));
            String again = session.offer(Side.CALLER, resource("phone-offer.sdp"));
            assertEquals(first, again);
            String hold = session.offer(Side.CALLER, resource("phone-offer.sdp").replace("a=sendrecv", "a=sendonly"));
            String[] o1 = origin(first);
            String[] o2 = origin(hold);
            assertEquals(o1[1], o2[1], "session id");
            assertEquals(Long.parseLong(o1[2]) + 1, Long.parseLong(o2[2]), "version");
            assertEquals(placeholders(first).replace("a=sendrecv", "a=sendonly"), placeholders(hold));
        }
    }

    private static String[] origin(String sdp) throws Exception {
        SessionDescription parsed = SdpParser.parse(sdp);
        return parsed.origin();
    }

    /** Our ports and o= numbers as placeholders, so the golden file can be exact about the rest. */
    static String placeholders(String sdp) throws Exception {
        SessionDescription parsed = SdpParser.parse(sdp);
        String text = sdp.replaceFirst("o=opensbc \\d+ \\d+ ", "o=opensbc SESSION VERSION ");
        for (int i = 0; i < parsed.media().size(); i++) {
            int port = parsed.media().get(i).port();
            if (port == 0) {
                continue;
            }
            text = replaceWhole(text, "m=" + parsed.media().get(i).media() + " " + port + " ",
                    "m=" + parsed.media().get(i).media() + " {PORT" + i + "} ");
            text = replaceWhole(text, "a=rtcp:" + (port + 1) + "\r\n", "a=rtcp:{PORT" + i + "+1}\r\n");
        }
        return text;
    }

    private static String replaceWhole(String text, String from, String to) {
        return text.replaceFirst(Pattern.quote(from), Matcher.quoteReplacement(to));
    }

    static String resource(String name) throws IOException {
        try (InputStream in = PlainSdpGoldenTest.class.getResourceAsStream("/sdp/" + name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
