package org.opensbc.core.b2bua;

import java.text.ParseException;
import java.util.List;
import javax.sip.message.Request;
import javax.sip.message.Response;

/** OPTIONS to the gateway itself (RFC 3261 section 11): 200 with what it allows, accepts and supports. */
final class OptionsHandler {

    /** Methods the gateway handles today; grows as the B2BUA does. */
    static final List<String> ALLOWED = List.of("REGISTER", "OPTIONS", "ACK", "CANCEL");

    private final Replies replies;

    OptionsHandler(Replies replies) {
        this.replies = replies;
    }

    void handle(Request request) throws ParseException {
        Response response = replies.create(request, Response.OK, null);
        for (String method : ALLOWED) {
            response.addHeader(replies.headers().createAllowHeader(method));
        }
        response.addHeader(replies.headers().createAcceptHeader("application", "sdp"));
        response.addHeader(replies.headers().createSupportedHeader("outbound"));
        response.addHeader(replies.headers().createAcceptLanguageHeader(java.util.Locale.ENGLISH));
        replies.send(request, null, response);
    }
}
