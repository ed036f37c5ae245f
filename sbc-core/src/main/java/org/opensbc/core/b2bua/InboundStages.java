package org.opensbc.core.b2bua;

import javax.sip.message.Request;
import org.opensbc.sip.pipeline.Stage;

/**
 * Which stage takes a request that the admission valve let in: REGISTER goes to the registrar;
 * ACK, CANCEL, the methods that only exist inside a call, and any request with a To tag go to the
 * dialog stage; the rest (new calls, OPTIONS, MESSAGE, methods the gateway does not serve) to
 * routing. SUBSCRIBE and unknown methods are routing's to refuse, with a To tag or without.
 */
final class InboundStages {

    private InboundStages() {
    }

    static Stage of(String method, boolean inDialog) {
        return switch (method) {
            case Request.REGISTER -> Stage.REGISTRAR;
            case Request.ACK, Request.CANCEL, Request.BYE, Request.UPDATE, Request.INFO, Request.REFER, Request.NOTIFY,
                    Request.PRACK -> Stage.DIALOG;
            case Request.INVITE, Request.OPTIONS, Request.MESSAGE -> inDialog ? Stage.DIALOG : Stage.ROUTING;
            default -> Stage.ROUTING;
        };
    }
}
