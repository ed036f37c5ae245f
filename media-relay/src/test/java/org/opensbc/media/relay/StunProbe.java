package org.opensbc.media.relay;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ThreadLocalRandom;

/** A STUN Binding request as an attacker would send it: a known USERNAME and a made-up MESSAGE-INTEGRITY. */
final class StunProbe {

    private StunProbe() {
    }

    static byte[] bindingRequest(String username) {
        byte[] name = username.getBytes(StandardCharsets.US_ASCII);
        int padded = (name.length + 3) / 4 * 4;
        int length = 20 + 4 + padded + 4 + 20;
        ByteBuffer b = ByteBuffer.allocate(length);
        b.putShort((short) 0x0001).putShort((short) (length - 20)).putInt(0x2112A442);
        byte[] transaction = new byte[12];
        ThreadLocalRandom.current().nextBytes(transaction);
        b.put(transaction);
        b.putShort((short) 0x0006).putShort((short) name.length).put(name).put(new byte[padded - name.length]);
        byte[] mac = new byte[20];
        ThreadLocalRandom.current().nextBytes(mac);
        b.putShort((short) 0x0008).putShort((short) 20).put(mac); // MESSAGE-INTEGRITY
        return b.array();
    }
}
