package org.opensbc.sip.udp;

import java.net.Inet4Address;
import java.net.InetAddress;

/**
 * RFC 5626 section 4.4.2: a UA keeps its UDP flow (and its NAT binding) alive with STUN binding
 * requests sent to the SIP port, and the edge answers each with a binding success carrying the
 * address it came from (XOR-MAPPED-ADDRESS, RFC 5389). Done in the reader, before anything would
 * try to parse the datagram as SIP. A hand-written encoder: two fixed-size messages, no library.
 */
final class StunKeepalive {

    private static final int MAGIC_COOKIE = 0x2112A442;
    private static final int BINDING_REQUEST = 0x0001;
    private static final int BINDING_SUCCESS = 0x0101;
    private static final int XOR_MAPPED_ADDRESS = 0x0020;

    private StunKeepalive() {
    }

    /** True for a STUN binding request (RFC 5389 header with the magic cookie). */
    static boolean isBindingRequest(byte[] data, int length) {
        return length >= 20 && (data[0] & 0xC0) == 0
                && ((data[0] & 0xFF) << 8 | (data[1] & 0xFF)) == BINDING_REQUEST
                && readInt(data, 4) == MAGIC_COOKIE
                && 20 + ((data[2] & 0xFF) << 8 | (data[3] & 0xFF)) == length;
    }

    /** The binding success for {@code request}, naming {@code source}: its length, written into {@code out}. */
    static int success(byte[] request, InetAddress source, int port, byte[] out) {
        byte[] address = source.getAddress();
        boolean v4 = source instanceof Inet4Address;
        int attribute = 4 + (v4 ? 8 : 20);
        writeShort(out, 0, BINDING_SUCCESS);
        writeShort(out, 2, attribute);
        System.arraycopy(request, 4, out, 4, 16); // magic cookie and transaction id
        writeShort(out, 20, XOR_MAPPED_ADDRESS);
        writeShort(out, 22, attribute - 4);
        out[24] = 0;
        out[25] = (byte) (v4 ? 0x01 : 0x02);
        writeShort(out, 26, port ^ (MAGIC_COOKIE >>> 16));
        for (int i = 0; i < address.length; i++) {
            out[28 + i] = (byte) (address[i] ^ request[4 + i]); // cookie, then transaction id (RFC 5389 15.2)
        }
        return 20 + attribute;
    }

    private static int readInt(byte[] b, int at) {
        return (b[at] & 0xFF) << 24 | (b[at + 1] & 0xFF) << 16 | (b[at + 2] & 0xFF) << 8 | (b[at + 3] & 0xFF);
    }

    private static void writeShort(byte[] b, int at, int value) {
        b[at] = (byte) (value >>> 8);
        b[at + 1] = (byte) value;
    }
}
