package org.opensbc.sip.pipeline;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where a request's fate is recorded: the decision metric, and at debug level (logger
 * {@code org.opensbc.sip.pipeline}) one line naming the stage that decided. Drops come in floods,
 * so the line is written only when an operator turns that logger up; otherwise nothing is
 * formatted and nothing allocated.
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

    static String describe(StageResult result) {
        if (result instanceof StageResult.Reply r) {
            return "answered " + r.status() + (r.reason() == null ? "" : " " + r.reason());
        }
        return result instanceof StageResult.Drop ? "dropped it" : "let it through";
    }
}
