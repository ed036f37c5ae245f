package org.opensbc.rules;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;

class RouteDecisionTest {

    @Test
    void rejectionNeedsAFinalFailureStatus() {
        assertThrows(IllegalArgumentException.class, () -> new RouteDecision.Reject(200, "OK"));
        assertThrows(IllegalArgumentException.class, () -> new RouteDecision.Reject(700, "no"));
        assertEquals(404, new RouteDecision.Reject(404, "Not Found").status());
    }

    @Test
    void aTrunkRouteNamesAtLeastOneTrunk() {
        assertThrows(IllegalArgumentException.class, () -> new RouteDecision.Trunks("g", List.of()));
    }
}
