package org.opensbc.core.cdr;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.math.BigDecimal;
import java.time.Instant;
import org.opensbc.core.json.Json;

/**
 * One finished call, as the CDR file records it.
 *
 * @param answer      when the callee answered, or null
 * @param disposition answered, busy, no-answer, not-registered (a known user without contacts),
 *                    cancelled, rejected or failed
 * @param sipCode     the final status the caller got (200 for answered calls)
 * @param endedBy     caller, callee or gateway (who ended an answered call; the gateway for timeouts)
 */
@JsonPropertyOrder({"start", "answer", "end", "durationSeconds"}) // then the rest in declaration order
public record CallRecord(Instant start, Instant answer, Instant end, String caller, String callee,
        String disposition, int sipCode, String endedBy, String callerCallId, String calleeCallId) {

    /** Seconds between answer and end; 0 for calls never answered. */
    public double durationSeconds() {
        return durationForCdr().doubleValue();
    }

    /** The duration as the CDR line shows it: always three decimals ("15.500", "0.000"). */
    @JsonProperty("durationSeconds")
    BigDecimal durationForCdr() {
        return answer == null ? BigDecimal.valueOf(0, 3) : BigDecimal.valueOf(end.toEpochMilli() - answer.toEpochMilli(), 3);
    }

    /** The record as one JSON object on one line. */
    public String toJson() {
        return Json.write(this);
    }
}
