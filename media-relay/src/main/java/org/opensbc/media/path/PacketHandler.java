package org.opensbc.media.path;

import java.net.InetSocketAddress;
import java.nio.ByteBuffer;

/** What a relay loop calls for each datagram read from a socket registered with it. */
interface PacketHandler {

    /**
     * @param packet the datagram, from position to limit; valid only during the call
     * @param source where it came from
     */
    void onPacket(ByteBuffer packet, InetSocketAddress source);
}
