package org.opensbc.core.call;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class FailureMappingTest {

    @Test
    void farSideDetailsDoNotReachTheCaller() {
        assertEquals(500, FailureMapping.towardsCaller(503), "a 503 would say this gateway is overloaded");
        assertEquals(403, FailureMapping.towardsCaller(407), "the trunk's credentials are not the caller's business");
        assertEquals(480, FailureMapping.towardsCaller(302), "no redirect Contact from the far side");
        assertEquals(486, FailureMapping.towardsCaller(486));
        assertEquals(603, FailureMapping.towardsCaller(603));
    }

    @Test
    void bestFailureAmongForksFollowsRfc3261Section16_7() {
        assertTrue(FailureMapping.better(603, 486), "6xx beats everything");
        assertTrue(FailureMapping.better(486, 404), "busy is the most telling 4xx");
        assertTrue(FailureMapping.better(404, 500), "4xx before 5xx");
        assertTrue(FailureMapping.better(500, 408), "a timeout is the weakest answer");
        assertFalse(FailureMapping.better(408, 486));
        assertTrue(FailureMapping.better(408, 0), "anything beats nothing");
    }

    @Test
    void dispositionsNameWhatHappened() {
        assertEquals("busy", FailureMapping.disposition(486));
        assertEquals("no-answer", FailureMapping.disposition(480));
        assertEquals("cancelled", FailureMapping.disposition(487));
        assertEquals("rejected", FailureMapping.disposition(404));
        assertEquals("failed", FailureMapping.disposition(500));
        assertEquals("answered", FailureMapping.disposition(200));
    }
}
