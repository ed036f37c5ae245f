package org.opensbc.core.b2bua;

import java.text.ParseException;
import javax.sip.DialogTerminatedEvent;
import javax.sip.IOExceptionEvent;
import javax.sip.RequestEvent;
import javax.sip.ResponseEvent;
import javax.sip.SipListener;
import javax.sip.TimeoutEvent;
import javax.sip.TransactionTerminatedEvent;
import javax.sip.message.Request;
import javax.sip.message.Response;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The stack's single listener: sends each request to its handler by method. Runs on the stack's
 * listener threads (re-entrant mode), so handlers must be thread-safe and must not block.
 */
final class SipRequestDispatcher implements SipListener {

    private static final Logger LOG = LoggerFactory.getLogger(SipRequestDispatcher.class);

    private final RegisterHandler register;
    private final OptionsHandler options;
    private final Replies replies;

    SipRequestDispatcher(RegisterHandler register, OptionsHandler options, Replies replies) {
        this.register = register;
        this.options = options;
        this.replies = replies;
    }

    @Override
    public void processRequest(RequestEvent event) {
        Request request = event.getRequest();
        try {
            switch (request.getMethod()) {
                case Request.REGISTER -> register.handle(event);
                case Request.OPTIONS -> options.handle(request);
                case Request.ACK -> { } // ACKs of our own non-2xx finals are absorbed by the stack
                case Request.CANCEL -> replies.reject(request, null, Response.CALL_OR_TRANSACTION_DOES_NOT_EXIST, null);
                default -> replies.reject(request, null, Response.NOT_IMPLEMENTED, null);
            }
        } catch (ParseException | RuntimeException e) {
            LOG.warn("{} from {} failed: {}", request.getMethod(), SourceAddress.of(request).key(), e.toString());
            if (!Request.ACK.equals(request.getMethod())) {
                replies.reject(request, event.getServerTransaction(), Response.SERVER_INTERNAL_ERROR, null);
            }
        }
    }

    @Override
    public void processResponse(ResponseEvent event) {
        // Answers to keepalive OPTIONS: their arrival is all that matters (the NAT pinhole is fresh).
    }

    @Override
    public void processTimeout(TimeoutEvent event) { }

    @Override
    public void processIOException(IOExceptionEvent event) {
        LOG.debug("I/O error towards {}:{}/{}", event.getHost(), event.getPort(), event.getTransport());
    }

    @Override
    public void processTransactionTerminated(TransactionTerminatedEvent event) { }

    @Override
    public void processDialogTerminated(DialogTerminatedEvent event) { }
}
