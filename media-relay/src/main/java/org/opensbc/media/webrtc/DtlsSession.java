package org.opensbc.media.webrtc;

import java.io.IOException;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Consumer;
import org.bouncycastle.tls.DTLSClientProtocol;
import org.bouncycastle.tls.DTLSServerProtocol;
import org.bouncycastle.tls.DTLSTransport;
import org.bouncycastle.tls.crypto.impl.bc.BcTlsCrypto;

/**
 * The DTLS association of a WebRTC leg. The handshake blocks, so it runs on a worker thread of
 * the relay (never a signalling or relay loop thread); its only product is the SRTP keys. After
 * the handshake the worker stays a short while to answer a peer that did not get our last flight,
 * then leaves: the association carries no application data.
 */
final class DtlsSession implements AutoCloseable {

    static final int HANDSHAKE_TIMEOUT_MILLIS = 30_000;
    /** How long after the handshake retransmitted final flights are still answered. */
    private static final int LINGER_MILLIS = 10_000;
    private static final int POLL_MILLIS = 1_000;

    /** Which end of the handshake the relay is (from the a=setup exchange, RFC 5763). */
    enum Role { CLIENT, SERVER }

    private final DtlsChannel channel;
    private volatile DTLSTransport transport;
    private volatile boolean closed;
    private boolean started;

    DtlsSession(DtlsChannel channel) {
        this.channel = channel;
    }

    /**
     * Starts the handshake once; {@code onKeys} or {@code onFailure} is called from the worker.
     */
    synchronized void start(Role role, BcTlsCrypto crypto, DtlsCredentials credentials, Executor executor,
            Consumer<SrtpKeys> onKeys, Consumer<Exception> onFailure) {
        if (started || closed) {
            return;
        }
        started = true;
        try {
            executor.execute(() -> run(role, crypto, credentials, onKeys, onFailure));
        } catch (RejectedExecutionException e) {
            onFailure.accept(e);
        }
    }

    private void run(Role role, BcTlsCrypto crypto, DtlsCredentials credentials, Consumer<SrtpKeys> onKeys,
            Consumer<Exception> onFailure) {
        try {
            SrtpKeys keys;
            if (role == Role.SERVER) {
                DtlsSrtpServer server = new DtlsSrtpServer(crypto, credentials);
                DTLSServerProtocol protocol = new DTLSServerProtocol();
                protocol.setVerifyRequests(false); // ICE already proved the peer owns its address
                transport = protocol.accept(server, channel);
                keys = server.keys();
            } else {
                DtlsSrtpClient client = new DtlsSrtpClient(crypto, credentials);
                transport = new DTLSClientProtocol().connect(client, channel);
                keys = client.keys();
            }
            onKeys.accept(keys);
            linger();
        } catch (IOException | RuntimeException e) {
            if (!closed) {
                onFailure.accept(e);
            }
        }
    }

    /** Reads (and drops) what follows the handshake: BC answers a repeated final flight while reading. */
    private void linger() {
        byte[] buffer = new byte[channel.getReceiveLimit()];
        int quiet = 0;
        try {
            while (!closed && quiet * POLL_MILLIS < LINGER_MILLIS) {
                quiet = transport.receive(buffer, 0, buffer.length, POLL_MILLIS) < 0 ? quiet + 1 : 0;
            }
        } catch (IOException e) {
            // close_notify or the leg closed: the keys stay valid for SRTP either way
        }
    }

    @Override
    public void close() {
        closed = true;
        channel.close();
    }
}
