package org.opensbc.core.state;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.opensbc.core.acl.RateLimiter;
import org.opensbc.core.auth.AuthFailureTracker;
import org.opensbc.core.config.GatewayConfig;
import org.opensbc.core.metrics.GatewayMetrics;
import org.opensbc.core.registrar.Binding;
import org.opensbc.core.registrar.BindingCodec;
import org.opensbc.core.registrar.ContactSpec;
import org.opensbc.core.registrar.LocationService;
import org.opensbc.core.registrar.RegisterRequest;
import org.opensbc.state.MemoryStateStore;
import org.opensbc.state.Space;
import org.opensbc.state.StateChange;
import org.opensbc.state.StateKey;
import org.opensbc.state.StateRecord;

/** Bindings and bans written by one gateway and read back by the next, as a restart does. */
class GatewayStateTest {

    /** Now: the store judges expiry by the wall clock. */
    private final java.time.Clock clock = java.time.Clock.systemUTC();
    private final MemoryStateStore store = new MemoryStateStore("node-a");
    private final GatewayConfig.Registrar limits = new GatewayConfig.Registrar(60, 3600, 600, 10);

    private record Node(LocationService location, AuthFailureTracker authBans, RateLimiter rateBans, GatewayState state) { }

    private Node start() throws Exception {
        LocationService location = new LocationService(clock, limits, "node-a", new BindingJournal(store));
        AuthFailureTracker authBans = new AuthFailureTracker(clock, 2, Duration.ofSeconds(60), Duration.ofSeconds(300));
        RateLimiter rateBans = new RateLimiter(System::nanoTime);
        GatewayState state = new GatewayState(store, clock, location, authBans, rateBans);
        try (GatewayMetrics metrics = new GatewayMetrics()) {
            state.restore(metrics);
        }
        return new Node(location, authBans, rateBans, state);
    }

    private static RegisterRequest register(String uri, String route, String flow) {
        return new RegisterRequest("alice@example.com", "c-" + uri, 1, false, 300,
                List.of(new ContactSpec(uri, "<" + uri + ">", -1, null, 0)), route, flow, null, "z9hG4bK" + uri);
    }

    @Test
    void bindingsComeBackAndThoseOnADeadConnectionAreMarkedLost() throws Exception {
        Node before = start();
        before.location().register(register("sip:udp@192.0.2.1", "UDP:198.51.100.1:5060", null));
        before.location().register(register("sip:ws@h.invalid;transport=ws", null, "WSS:198.51.100.2:40000"));
        before.location().register(register("sip:tcp@192.0.2.3;transport=tcp", "TCP:198.51.100.3:40001", null));

        Node after = start();
        List<Binding> back = after.location().lookup("alice@example.com");
        assertEquals(3, back.size());
        for (Binding b : back) {
            assertEquals(b.connectionBound(), b.connectionLost(), b.contactUri());
        }
    }

    @Test
    void bansHoldAfterARestart() throws Exception {
        Node before = start();
        before.authBans().recordFailure("203.0.113.7");
        assertTrue(before.authBans().recordFailure("203.0.113.7"), "the second failure bans");
        before.rateBans().setListener((source, millis) -> { }); // not under test: its own journal is
        store.submit(new StateChange.Put(new StateRecord(new StateKey(Space.BAN, BanJournal.RATE, "203.0.113.8"),
                new byte[0], clock.millis() + 60_000)));

        Node after = start();
        assertTrue(after.authBans().isBanned("203.0.113.7"));
        assertTrue(after.rateBans().isBanned(InetAddress.getByName("203.0.113.8")));
        assertFalse(after.authBans().isBanned("203.0.113.9"));
    }

    @Test
    void anotherNodesChangesReachTheLocationService() throws Exception {
        MemoryStateStore shared = new MemoryStateStore("node-a");
        LocationService location = new LocationService(clock, limits, "node-a", new BindingJournal(shared));
        new GatewayState(shared, clock, location, new AuthFailureTracker(clock, 2, Duration.ofSeconds(60),
                Duration.ofSeconds(300)), new RateLimiter(System::nanoTime)).restore(new GatewayMetrics());
        Binding fromB = new Binding("k", "<sip:b@h.invalid;transport=ws>", "sip:b@h.invalid;transport=ws", null, 0,
                "c", 1, clock.millis() + 60_000, null, "WSS:198.51.100.2:40000", "ws", 0, clock.millis(), "node-b", false);
        StateKey key = new StateKey(Space.BINDING, "alice@example.com", "k");
        shared.changedElsewhere(new StateChange.Put(new StateRecord(key, BindingCodec.encode(fromB), fromB.expiresAtMillis())));
        assertEquals(List.of(fromB), location.lookup("alice@example.com"), "not marked lost: its node holds it");
        shared.changedElsewhere(new StateChange.Remove(key));
        assertEquals(List.of(), location.lookup("alice@example.com"));
    }

    @Test
    void aStoreThatComesBackEmptyGetsThisNodesBindingsBack() throws Exception {
        Node node = start();
        node.location().register(register("sip:udp@192.0.2.1", null, null));
        store.changedElsewhere(new StateChange.Put(new StateRecord(new StateKey(Space.BINDING, "bob@example.com", "k"),
                BindingCodec.encode(new Binding("k", "<sip:b@192.0.2.2>", "sip:b@192.0.2.2", null, 0, "c", 1,
                        clock.millis() + 60_000, null, null, null, 0, clock.millis(), "node-b", false)),
                clock.millis() + 60_000)));
        store.comeBackEmpty();
        List<StateRecord> stored = store.load(Space.BINDING);
        assertEquals(1, stored.size(), "this node's binding only: node B writes back its own");
        assertEquals("alice@example.com", stored.get(0).id().group());
    }
}
