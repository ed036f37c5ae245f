package org.opensbc.rules;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Set;
import org.junit.jupiter.api.Test;

class DefaultTrunkRouterTest {

    private final Router withTrunk = new DefaultTrunkRouter(Set.of("sbc.example")::contains,
            Set.of("alice", "bob")::contains, "default");
    private final Router withoutTrunk = new DefaultTrunkRouter(Set.of("sbc.example")::contains,
            Set.of("alice", "bob")::contains, null);

    private static RequestFacts call(String trunk, String toUser, String toHost) {
        return new RequestFacts("INVITE", "192.0.2.1", "UDP", trunk, "alice", toUser, toHost);
    }

    @Test
    void knownLocalUserGoesToTheLocationService() {
        assertEquals(new RouteDecision.LocalUser("bob@sbc.example"), withTrunk.route(call("", "bob", "sbc.example")));
        assertEquals(new RouteDecision.LocalUser("bob@sbc.example"), withTrunk.route(call("default", "bob", "sbc.example")));
    }

    @Test
    void numbersAndForeignDomainsGoToTheTrunk() {
        assertEquals(new RouteDecision.Trunk("default"), withTrunk.route(call("", "+15551234", "sbc.example")));
        assertEquals(new RouteDecision.Trunk("default"), withTrunk.route(call("", "carol", "pstn.example")));
    }

    @Test
    void unknownLocalNameIsNotFound() {
        assertEquals(404, ((RouteDecision.Reject) withTrunk.route(call("", "mallory", "sbc.example"))).status());
    }

    @Test
    void withoutTrunkOnlyLocalUsersAreReachable() {
        assertEquals(404, ((RouteDecision.Reject) withoutTrunk.route(call("", "+15551234", "sbc.example"))).status());
        assertEquals(404, ((RouteDecision.Reject) withoutTrunk.route(call("", "carol", "pstn.example"))).status());
    }

    @Test
    void trunkCallsAreNotRelayedBackToATrunk() {
        assertEquals(403, ((RouteDecision.Reject) withTrunk.route(call("default", "+15551234", "sbc.example"))).status());
    }
}
