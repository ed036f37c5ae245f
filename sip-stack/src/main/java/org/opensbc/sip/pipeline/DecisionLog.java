package org.opensbc.sip.pipeline;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where a request's fate is recorded: the decision metric, and at debug level (logger
 * {@code org.opensbc.sip.pipeline}) one line naming the stage that decided; at trace level also
 * the stage each admitted request is handed to. Drops come in floods, so the lines are written
 * only when an operator turns that logger up; otherwise nothing is formatted and nothing allocated.
 */
public final class DecisionLog {

    private static final Logger LOG = LoggerFactory.getLogger("org.opensbc.sip.pipeline");

    private DecisionLog() {
    }

    /**
     * Records {@code result} if it is a decision; a {@link StageResult.Continue} is ignored.
     *
     * @param source the request's source (an address or a flow key), formatted only when logged
     * @return {@code result}, so a stage can record and return in one step
     */
    public static StageResult record(StageDecisions decisions, Stage stage, StageResult result, String method,
            Object source) {
        if (result.goesOn()) {
            return result;
        }
        decisions.decided(stage, result);
        if (LOG.isDebugEnabled()) {
            LOG.debug("{} from {}: {} stage {}", method, source, stage.tag(), describe(result));
        }
        return result;
    }

    /** True when the stage each request is handed to is logged (trace): only then need a caller name its source. */
    public static boolean tracing() {
        return LOG.isTraceEnabled();
    }

    /** At trace: the request went through the earlier stages and is handed to {@code stage}. */
    public static void handedTo(Stage stage, String method, Object source) {
        LOG.trace("{} from {}: handed to the {} stage", method, source, stage.tag());
    }

    static String describe(StageResult result) {
        if (result instanceof StageResult.Reply r) {
            return "answered " + r.status() + (r.reason() == null ? "" : " " + r.reason());
        }
        return result instanceof StageResult.Drop ? "dropped it" : "let it through";
    }
}
