package org.opensbc.sip.admission;

import java.net.InetAddress;

/**
 * The access stage's fast path: the UDP reader's look at a datagram's source address, before the
 * datagram is copied, parsed or queued. It is the same ban and rate decision the {@link AccessStage}
 * takes on a parsed request, taken earlier for UDP because it was measured to matter: a flood
 * from a banned source then costs one receive and one lookup per datagram, not a parse and a
 * place in the queue that other sources need. Every datagram of the source counts
 * (requests, responses, keepalives): this is where UDP sources are metered, so the
 * {@link AccessStage} must not meter UDP requests again.
 *
 * <p>Called on the reader thread for every datagram: no blocking, no logging, next to no
 * allocation. Stream transports (TCP, TLS, WebSocket) do not pass here.
 */
@FunctionalInterface
public interface SourceFilter {

    enum Admission {
        /** Within its rate: may use the whole queue, served first. */
        ADMIT,
        /**
         * Over its rate but not banned (yet), or the one datagram a second a banned source may
         * have answered: only the shared part of the queue, served after {@link #ADMIT}ted ones.
         */
        SHARED,
        /** Banned (failed authentication, rate): dropped unread. */
        DROP
    }

    Admission admit(InetAddress source);

    SourceFilter OPEN = source -> Admission.ADMIT;
}
