package org.opensbc.media;

import java.util.BitSet;
import java.util.OptionalInt;

/**
 * The relay's UDP port range, handed out as RTP/RTCP pairs: an even RTP port and the odd port
 * above it (RFC 3550 section 11). Allocation walks on from the last port given, so a port just
 * released is not reused at once (late packets of the old call must not reach the new one).
 * Thread-safe.
 */
public final class PortPool {

    private final int first;
    private final int pairs;
    /** Bit i set: pair i (RTP port first + 2i) is in use. Guarded by this. */
    private final BitSet used;
    private int next;

    /** @param firstPort even start of the range; @param lastPort inclusive end */
    public PortPool(int firstPort, int lastPort) {
        if (firstPort < 1024 || lastPort > 65535 || lastPort <= firstPort || firstPort % 2 != 0) {
            throw new IllegalArgumentException("port range must be even-started within 1024-65535: "
                    + firstPort + "-" + lastPort);
        }
        this.first = firstPort;
        this.pairs = (lastPort - firstPort + 1) / 2;
        this.used = new BitSet(pairs);
    }

    /** An even RTP port whose RTP+1 is also reserved, or empty when the range is exhausted. */
    public synchronized OptionalInt allocate() {
        int pair = used.nextClearBit(next);
        if (pair >= pairs) {
            pair = used.nextClearBit(0);
            if (pair >= pairs) {
                return OptionalInt.empty();
            }
        }
        used.set(pair);
        next = (pair + 1) % pairs;
        return OptionalInt.of(first + 2 * pair);
    }

    public synchronized void release(int rtpPort) {
        int offset = rtpPort - first;
        if (offset < 0 || offset % 2 != 0 || offset / 2 >= pairs) {
            throw new IllegalArgumentException("not a port of this pool: " + rtpPort);
        }
        used.clear(offset / 2);
    }

    public synchronized int inUse() {
        return used.cardinality();
    }

    public int capacity() {
        return pairs;
    }
}
