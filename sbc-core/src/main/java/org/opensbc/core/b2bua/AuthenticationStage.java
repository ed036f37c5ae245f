package org.opensbc.core.b2bua;

import java.text.ParseException;
import java.util.function.IntConsumer;
import javax.sip.message.Request;
import org.opensbc.core.trunk.TrunkDirectory;
import org.opensbc.sip.pipeline.DecisionLog;
import org.opensbc.sip.pipeline.Stage;
import org.opensbc.sip.pipeline.StageDecisions;
import org.opensbc.sip.pipeline.StageResult.Reply;

/**
 * The authentication stage for a request that reaches users or trunks: {@link CallerCheck} (a
 * trunk's address, the open-relay refusal, digest) decides and answers, statelessly; each of its
 * refusals and challenges is recorded here as this stage's decision. REGISTER's challenge is the
 * registrar's own ({@link RegisterHandler}).
 */
final class AuthenticationStage {

    private final CallerCheck callers;
    private final StageDecisions decisions;

    AuthenticationStage(CallerCheck callers, StageDecisions decisions) {
        this.callers = callers;
        this.decisions = decisions;
    }

    /**
     * The caller, or null when the request was answered (challenged or refused).
     *
     * @param refused told each refusal's or challenge's status, as {@link CallerCheck#identify} tells it
     */
    CallerCheck.Caller identify(Request request, SourceAddress source, TrunkDirectory trunks, IntConsumer refused)
            throws ParseException {
        return callers.identify(request, source, trunks, status -> {
            refused.accept(status);
            DecisionLog.record(decisions, Stage.AUTHENTICATION, Reply.of(status), request.getMethod(), source.key());
        });
    }
}
