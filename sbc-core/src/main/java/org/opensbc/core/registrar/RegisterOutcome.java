package org.opensbc.core.registrar;

import java.util.List;

/** What the registrar decided about one REGISTER. */
public sealed interface RegisterOutcome {

    /** 200 OK listing every current binding of the AOR. */
    record Accepted(List<Binding> bindings) implements RegisterOutcome { }

    /** 423 Interval Too Brief with Min-Expires. */
    record IntervalTooBrief(int minExpires) implements RegisterOutcome { }

    /** Any other refusal: status code and reason phrase. */
    record Refused(int status, String reason) implements RegisterOutcome { }
}
