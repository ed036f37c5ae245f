package org.opensbc.rules;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class RouteDecisionTest {

    @Test
    void rejectionNeedsAFinalFailureStatus() {
        assertThrows(IllegalArgumentException.class, () -> new RouteDecision.Reject(200, "OK"));
        assertThrows(IllegalArgumentException.class, () -> new RouteDecision.Reject(700, "no"));
        assertEquals(404, new RouteDecision.Reject(404, "Not Found").status());
    }

    @Test
    void aRouterIsAFunctionOfTheFacts() {
        Router router = f -> f.toHost().equals("example.com")
                ? new RouteDecision.LocalUser(f.toUser() + "@" + f.toHost())
                : new RouteDecision.Trunk("default");
        assertEquals(new RouteDecision.LocalUser("bob@example.com"),
                router.route(new RequestFacts("INVITE", "192.0.2.1", "UDP", "", "alice", "bob", "example.com")));
        assertEquals(new RouteDecision.Trunk("default"),
                router.route(new RequestFacts("INVITE", "192.0.2.1", "UDP", "", "alice", "123", "pstn.example")));
    }
}
