package org.opensbc.core.trunk;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.opensbc.rules.model.TrunkSpec;

/** A trunk's maxCalls counted over the cluster: calls on other nodes take its slots too. */
class ClusterCallCountTest {

    private final AtomicLong elsewhere = new AtomicLong();
    private final AtomicLong here = new AtomicLong();
    private final ClusterCallCount cluster = (trunk, delta) -> here.addAndGet(delta) + elsewhere.get();

    private Trunk trunk(int maxCalls) throws Exception {
        TrunkSpec spec = new TrunkSpec("carrier", "192.0.2.10", 5060, "udp", false, List.of(), null, maxCalls, null);
        return TrunkDirectory.build(List.of(spec), TrunkDirectory.empty(), "routing.yaml", false, cluster).get("carrier");
    }

    @Test
    void callsOnOtherNodesTakeTheTrunksSlots() throws Exception {
        Trunk t = trunk(3);
        elsewhere.set(2);
        assertTrue(t.tryAcquire());
        assertFalse(t.tryAcquire(), "2 elsewhere + 1 here = the limit");
        assertEquals(1, here.get(), "the refused attempt gave its slot back");
        assertEquals(1, t.activeCalls(), "this node's own calls");
        elsewhere.set(0);
        assertTrue(t.tryAcquire());
        t.release();
        t.release();
        assertEquals(0, here.get());
        assertEquals(0, t.activeCalls());
    }

    @Test
    void anUnlimitedTrunkStillCountsForTheOthers() throws Exception {
        Trunk t = trunk(0);
        elsewhere.set(1000);
        assertTrue(t.tryAcquire());
        assertEquals(1, here.get());
    }
}
