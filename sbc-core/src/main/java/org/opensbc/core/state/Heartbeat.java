package org.opensbc.core.state;

import java.lang.management.ManagementFactory;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.IntSupplier;
import org.opensbc.state.Membership;
import org.opensbc.state.NodeInfo;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Publishes this node's heartbeat with its load every {@link #INTERVAL_MILLIS}: the other nodes
 * list it in /cluster and send it calls for its connections while it lasts. A node silent for
 * {@link Membership#DEAD_AFTER_MILLIS} is dropped.
 */
public final class Heartbeat implements Runnable {

    /** Five beats per dead-after period: one or two lost do not drop a node. */
    public static final long INTERVAL_MILLIS = 2_000;
    private static final Logger LOG = LoggerFactory.getLogger(Heartbeat.class);

    private final Membership membership;
    private final Clock clock;
    private final String id;
    private final String sipAddress;
    private final String adminAddress;
    private final long startedAt;
    private final IntSupplier calls;
    private final IntSupplier bindings;

    public Heartbeat(Membership membership, Clock clock, String id, String sipAddress, String adminAddress,
            IntSupplier calls, IntSupplier bindings) {
        this.membership = membership;
        this.clock = clock;
        this.id = id;
        this.sipAddress = sipAddress;
        this.adminAddress = adminAddress;
        this.startedAt = clock.millis();
        this.calls = calls;
        this.bindings = bindings;
    }

    @Override
    public void run() {
        try {
            Map<String, Long> load = new LinkedHashMap<>();
            load.put("calls", (long) calls.getAsInt());
            load.put("bindings", (long) bindings.getAsInt());
            load.put("cpuPercent", cpuPercent());
            membership.heartbeat(new NodeInfo(id, sipAddress, adminAddress, startedAt, clock.millis(), load));
        } catch (RuntimeException e) {
            LOG.warn("heartbeat not published: {}", e.toString());
        }
    }

    private static long cpuPercent() {
        if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
            double load = os.getProcessCpuLoad();
            return load < 0 ? -1 : Math.round(load * 100);
        }
        return -1;
    }
}
