package org.opensbc.media.path;

import java.net.InetSocketAddress;

/**
 * Symmetric RTP for one socket: the first valid packet's source becomes the only one accepted
 * (and the address media is sent back to) until {@link #reset()}. Written by the relay loop,
 * reset from signalling threads.
 */
final class Latch {

    private volatile InetSocketAddress address;

    /** True when {@code source} is the latched address, or becomes it now. */
    boolean accept(InetSocketAddress source) {
        InetSocketAddress latched = address;
        if (latched == null) {
            address = source;
            return true;
        }
        return latched.equals(source);
    }

    InetSocketAddress address() {
        return address;
    }

    void reset() {
        address = null;
    }
}
