package org.opensbc.core.b2bua;

import java.text.ParseException;
import javax.sip.message.Request;
import javax.sip.message.Response;

/** OPTIONS to the gateway itself (RFC 3261 section 11): 200 with what it allows, accepts and supports. */
final class OptionsHandler {

    private final Replies replies;

    OptionsHandler(Replies replies) {
        this.replies = replies;
    }

    void handle(Request request) throws ParseException {
        Response response = replies.create(request, Response.OK, null);
        Capabilities.addAllow(response, replies.headers());
        response.addHeader(replies.headers().createAcceptHeader("application", "sdp"));
        for (String tag : Capabilities.SUPPORTED) {
            response.addHeader(replies.headers().createSupportedHeader(tag));
        }
        response.addHeader(replies.headers().createAcceptLanguageHeader(java.util.Locale.ENGLISH));
        replies.send(request, null, response);
    }
}
