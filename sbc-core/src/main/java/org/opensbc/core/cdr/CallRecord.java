package org.opensbc.core.cdr;

import java.time.Instant;
import org.opensbc.core.json.JsonText;

/**
 * One finished call, as the CDR file records it.
 *
 * @param answer      when the callee answered, or null
 * @param disposition answered, busy, no-answer, not-registered (a known user without contacts),
 *                    cancelled, rejected or failed
 * @param sipCode     the final status the caller got (200 for answered calls)
 * @param endedBy     caller, callee or gateway (who ended an answered call; the gateway for timeouts)
 */
public record CallRecord(Instant start, Instant answer, Instant end, String caller, String callee,
        String disposition, int sipCode, String endedBy, String callerCallId, String calleeCallId) {

    /** Seconds between answer and end; 0 for calls never answered. */
    public double durationSeconds() {
        return answer == null ? 0 : (end.toEpochMilli() - answer.toEpochMilli()) / 1000.0;
    }

    /** The record as one JSON object on one line. */
    public String toJson() {
        StringBuilder sb = new StringBuilder(320).append('{');
        field(sb, "start", start.toString()).append(',');
        field(sb, "answer", answer == null ? null : answer.toString()).append(',');
        field(sb, "end", end.toString()).append(',');
        sb.append("\"durationSeconds\":").append(String.format(java.util.Locale.ROOT, "%.3f", durationSeconds())).append(',');
        field(sb, "caller", caller).append(',');
        field(sb, "callee", callee).append(',');
        field(sb, "disposition", disposition).append(',');
        sb.append("\"sipCode\":").append(sipCode).append(',');
        field(sb, "endedBy", endedBy).append(',');
        field(sb, "callerCallId", callerCallId).append(',');
        field(sb, "calleeCallId", calleeCallId);
        return sb.append('}').toString();
    }

    private static StringBuilder field(StringBuilder sb, String name, String value) {
        return sb.append('"').append(name).append("\":").append(JsonText.quote(value));
    }
}
