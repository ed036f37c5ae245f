package org.opensbc.media.sdp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class SdpParserTest {

    private static final String PHONE = """
            v=0\r
            o=alice 2890844526 2890844526 IN IP4 192.0.2.10\r
            s=-\r
            c=IN IP4 192.0.2.10\r
            t=0 0\r
            m=audio 49170 RTP/AVP 0 8 101\r
            a=rtpmap:0 PCMU/8000\r
            a=rtpmap:8 PCMA/8000\r
            a=rtpmap:101 telephone-event/8000\r
            a=fmtp:101 0-15\r
            a=sendrecv\r
            a=x-unknown-thing\r
            """;

    @Test
    void readsAndWritesBackUnchanged() throws SdpException {
        SessionDescription sdp = SdpParser.parse(PHONE);
        assertEquals(PHONE, sdp.toString());
        MediaDescription audio = sdp.media().get(0);
        assertEquals("audio", audio.media());
        assertEquals(49170, audio.port());
        assertEquals(List.of("0", "8", "101"), audio.formats());
        assertEquals("PCMA/8000", audio.rtpmap("8").orElseThrow());
        assertEquals("192.0.2.10", sdp.connectionAddress(audio));
        assertEquals("sendrecv", audio.direction(sdp));
    }

    @Test
    void bareLineFeedsAreAcceptedAndWrittenAsCrlf() throws SdpException {
        SessionDescription sdp = SdpParser.parse(PHONE.replace("\r\n", "\n"));
        assertEquals(PHONE, sdp.toString());
    }

    @Test
    void mediaLevelConnectionWinsOverSessionLevel() throws SdpException {
        SessionDescription sdp = SdpParser.parse(PHONE.replace("a=sendrecv\r\n", "c=IN IP4 198.51.100.7\r\na=sendrecv\r\n"));
        assertEquals("198.51.100.7", sdp.connectionAddress(sdp.media().get(0)));
    }

    @Test
    void setInsertsAMissingLineInRfcOrder() throws SdpException {
        SessionDescription sdp = SdpParser.parse(PHONE.replace("c=IN IP4 192.0.2.10\r\n", ""));
        sdp.set('c', "IN IP4 203.0.113.1");
        assertTrue(sdp.toString().contains("s=-\r\nc=IN IP4 203.0.113.1\r\nt=0 0\r\n"), sdp.toString());
    }

    @Test
    void errorsNameTheLine() {
        assertEquals(1, assertThrows(SdpException.class, () -> SdpParser.parse("o=x 1 1 IN IP4 1.2.3.4\r\n")).line());
        assertEquals(6, assertThrows(SdpException.class,
                () -> SdpParser.parse(PHONE.replace("m=audio 49170 ", "m=audio 70000 "))).line());
        assertEquals(6, assertThrows(SdpException.class,
                () -> SdpParser.parse(PHONE.replace("m=audio 49170 RTP/AVP 0 8 101", "m=audio"))).line());
        assertEquals(3, assertThrows(SdpException.class,
                () -> SdpParser.parse(PHONE.replace("s=-", "garbage"))).line());
        assertEquals(0, assertThrows(SdpException.class, () -> SdpParser.parse("")).line());
        assertEquals(0, assertThrows(SdpException.class, () -> SdpParser.parse("v=0\r\ns=-\r\n")).line());
    }

    @Test
    void refusesHugeBodies() {
        String huge = PHONE + "a=x:" + "y".repeat(SdpParser.MAX_LENGTH) + "\r\n";
        assertThrows(SdpException.class, () -> SdpParser.parse(huge));
    }
}
