package org.opensbc.sip.admission;

import org.opensbc.sip.pipeline.StageResult;

/**
 * The access stage of the inbound pipeline (bans, ACL, rate limit), as the stack asks it about
 * every parsed request before any transaction exists: let it in ({@link StageResult#CONTINUE}),
 * drop it unanswered (banned or blocked sources, scanners), or answer it (405 for a method the
 * source may not send, 503 to a source banned for its rate). Called for every request on the
 * stack's threads: keep it cheap. UDP requests were metered already, as datagrams, by the
 * {@link SourceFilter} (this stage's fast path): count them again here and a source gets half its rate.
 */
@FunctionalInterface
public interface AccessStage {

    /**
     * @param transport  udp, tcp, tls, ws or wss
     * @param inDialog   the request has a To tag
     * @param userAgent  its User-Agent, or null
     */
    StageResult decide(String sourceAddress, String transport, String method, boolean inDialog, String userAgent);

    AccessStage OPEN = (source, transport, method, inDialog, agent) -> StageResult.CONTINUE;
}
