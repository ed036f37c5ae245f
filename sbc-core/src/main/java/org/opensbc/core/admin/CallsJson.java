package org.opensbc.core.admin;

import java.time.Instant;
import java.util.List;
import org.opensbc.core.b2bua.CallSummary;
import org.opensbc.core.json.Json;

/** The admin listing of calls in progress: who, since when, in which state, with both legs' Call-IDs. */
public final class CallsJson {

    /** The listing as the API shows it (the field order is the wire format). */
    record Listing(int count, List<Call> calls) {
    }

    /** One call in the listing. */
    record Call(long id, String state, Instant start, String caller, String callee, String callerCallId,
            String calleeCallId) {
    }

    private CallsJson() {
    }

    public static String render(List<CallSummary> calls) {
        return Json.write(new Listing(calls.size(), calls.stream().map(c -> new Call(c.id(), c.state(), c.start(),
                c.caller(), c.callee(), c.callerCallId(), c.calleeCallId())).toList()));
    }
}
