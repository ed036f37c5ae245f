package org.opensbc.core.b2bua;

import javax.sip.ResponseEvent;

/** Whoever waits for the answer to a request the gateway sent (the client transaction's application data). */
interface PendingRequest {

    void onResponse(ResponseEvent event);

    /** No final answer came (Timer B/F) or the request could not be sent. */
    void onTimeout();
}
