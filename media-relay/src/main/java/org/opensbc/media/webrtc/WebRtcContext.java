package org.opensbc.media.webrtc;

import java.security.SecureRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.bouncycastle.tls.crypto.impl.bc.BcTlsCrypto;

/**
 * What every WebRTC leg of the gateway shares: the DTLS identity (one certificate per process),
 * the crypto provider of the handshakes, and the worker threads they run on.
 */
public final class WebRtcContext implements AutoCloseable {

    /** Handshakes in flight at once; more are refused (the call fails) rather than queued forever. */
    private static final int MAX_HANDSHAKE_THREADS = 256;

    final DtlsIdentity identity;
    final BcTlsCrypto crypto;
    final ExecutorService handshakes;

    public WebRtcContext() {
        IceDefaults.apply();
        identity = DtlsIdentity.generate();
        crypto = new BcTlsCrypto(new SecureRandom());
        AtomicInteger count = new AtomicInteger();
        handshakes = new ThreadPoolExecutor(0, MAX_HANDSHAKE_THREADS, 30, TimeUnit.SECONDS, new SynchronousQueue<>(),
                task -> {
                    Thread thread = new Thread(task, "dtls-" + count.incrementAndGet());
                    thread.setDaemon(true);
                    return thread;
                });
    }

    public Fingerprint fingerprint() {
        return identity.fingerprint();
    }

    @Override
    public void close() {
        handshakes.shutdownNow();
    }
}
