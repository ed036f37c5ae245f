package org.opensbc.core.cdr;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class CallRecordTest {

    @Test
    void answeredCallIsOneJsonLineWithItsDuration() {
        CallRecord r = new CallRecord(Instant.parse("2026-11-21T10:00:00Z"), Instant.parse("2026-11-21T10:00:02Z"),
                Instant.parse("2026-11-21T10:00:17.5Z"), "alice@sbc.example", "+15551234@sbc.example", "answered", 200,
                "caller", "a-1", "b-1");
        assertEquals("{\"start\":\"2026-11-21T10:00:00Z\",\"answer\":\"2026-11-21T10:00:02Z\","
                + "\"end\":\"2026-11-21T10:00:17.500Z\",\"durationSeconds\":15.500,\"caller\":\"alice@sbc.example\","
                + "\"callee\":\"+15551234@sbc.example\",\"disposition\":\"answered\",\"sipCode\":200,"
                + "\"endedBy\":\"caller\",\"callerCallId\":\"a-1\",\"calleeCallId\":\"b-1\"}", r.toJson());
    }

    @Test
    void unansweredCallHasNoAnswerTimeAndNoDuration() {
        CallRecord r = new CallRecord(Instant.EPOCH, null, Instant.EPOCH.plusSeconds(5), "a", "b", "busy", 486,
                "gateway", "x", null);
        assertEquals(0.0, r.durationSeconds());
        assertEquals(true, r.toJson().contains("\"answer\":null") && r.toJson().contains("\"calleeCallId\":null"));
    }

    @Test
    void quotesAndControlCharactersAreEscaped() {
        CallRecord r = new CallRecord(Instant.EPOCH, null, Instant.EPOCH, "\"evil\"\n@x", "b\\c", "failed", 500,
                "gateway", "x", null);
        assertEquals(true, r.toJson().contains("\"caller\":\"\\\"evil\\\"\\u000a@x\",\"callee\":\"b\\\\c\""));
    }
}
