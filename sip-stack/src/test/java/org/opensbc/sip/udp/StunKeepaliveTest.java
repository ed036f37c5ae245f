package org.opensbc.sip.udp;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

class StunKeepaliveTest {

    /** RFC 5769 section 2.2's binding response test vector, without its SOFTWARE/integrity/fingerprint. */
    @Test
    void xorMappedAddressAsRfc5769Writes() throws Exception {
        byte[] request = HexFormat.of().parseHex("000100002112a442b7e7a701bc34d686fa87dfae");
        assertTrue(StunKeepalive.isBindingRequest(request, request.length));
        byte[] out = new byte[64];
        int length = StunKeepalive.success(request, InetAddress.getByName("192.0.2.1"), 32853, out);
        assertEquals(32, length);
        assertArrayEquals(HexFormat.of().parseHex(
                "010100 0c2112a442b7e7a701bc34d686fa87dfae00200008 0001a147e112a643".replace(" ", "")),
                java.util.Arrays.copyOf(out, length));
        int v6 = StunKeepalive.success(request, InetAddress.getByName("2001:db8:1234:5678:11:2233:4455:6677"), 32853, out);
        assertEquals(44, v6);
        assertArrayEquals(HexFormat.of().parseHex("0002a1470113a9faa5d3f179bc25f4b5bed2b9d9"),
                java.util.Arrays.copyOfRange(out, 24, 44), "RFC 5769 2.3's IPv6 XOR-MAPPED-ADDRESS");
    }

    @Test
    void sipAndOtherStunAreNotKeepalives() {
        byte[] sip = "OPTIONS sip:x SIP/2.0\r\n\r\n".getBytes(StandardCharsets.US_ASCII);
        assertFalse(StunKeepalive.isBindingRequest(sip, sip.length));
        byte[] indication = HexFormat.of().parseHex("001100002112a442b7e7a701bc34d686fa87dfae");
        assertFalse(StunKeepalive.isBindingRequest(indication, indication.length));
        byte[] classic = HexFormat.of().parseHex("00010000b7e7a701bc34d686fa87dfae01020304");
        assertFalse(StunKeepalive.isBindingRequest(classic, classic.length), "RFC 3489 without the cookie");
    }
}
