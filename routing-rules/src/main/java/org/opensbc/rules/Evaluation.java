package org.opensbc.rules;

import java.util.List;
import org.opensbc.rules.model.HeaderEdits;

/**
 * The outcome of routing one request: the decision, the Request-URI user after any rewrite, the
 * header edits to apply, the rule that decided (null: none matched), and the trace of the rules
 * looked at. Rules the prefix index proved could not match are not looked at, only counted.
 */
public record Evaluation(RouteDecision decision, String requestUser, HeaderEdits headers, String rule,
        List<TraceStep> trace, int skippedByIndex) {

    /** What {@code java -jar sbc.jar route} prints. */
    public String describe() {
        StringBuilder b = new StringBuilder();
        for (TraceStep step : trace) {
            b.append(step).append('\n');
        }
        if (skippedByIndex > 0) {
            b.append("(").append(skippedByIndex).append(" rules whose requestUser prefix cannot match were not looked at)\n");
        }
        b.append("decision: ").append(decision);
        if (rule != null) {
            b.append(" by rule ").append(rule);
        }
        b.append("\nrequest user: ").append(requestUser);
        if (!headers.isNone()) {
            b.append("\nheaders: add ").append(headers.add()).append(", remove ").append(headers.remove());
        }
        return b.toString();
    }
}
