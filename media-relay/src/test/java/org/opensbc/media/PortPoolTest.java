package org.opensbc.media;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class PortPoolTest {

    @Test
    void handsOutEvenPortsUntilExhaustedThenReusesReleasedOnes() {
        PortPool pool = new PortPool(30000, 30005);
        assertEquals(3, pool.capacity());
        assertEquals(30000, pool.allocate().getAsInt());
        assertEquals(30002, pool.allocate().getAsInt());
        assertEquals(30004, pool.allocate().getAsInt());
        assertFalse(pool.allocate().isPresent());
        pool.release(30002);
        assertEquals(30002, pool.allocate().getAsInt());
        assertEquals(3, pool.inUse());
    }

    @Test
    void aReleasedPortIsNotReusedAtOnce() {
        PortPool pool = new PortPool(30000, 30009);
        int a = pool.allocate().getAsInt();
        pool.release(a);
        assertEquals(30002, pool.allocate().getAsInt());
    }

    @Test
    void rejectsBadRangesAndForeignPorts() {
        assertThrows(IllegalArgumentException.class, () -> new PortPool(30001, 30010));
        assertThrows(IllegalArgumentException.class, () -> new PortPool(80, 1000));
        PortPool pool = new PortPool(30000, 30009);
        assertThrows(IllegalArgumentException.class, () -> pool.release(30001));
        assertThrows(IllegalArgumentException.class, () -> pool.release(40000));
    }
}
