package org.opensbc.media.webrtc;

import java.io.IOException;
import java.security.SecureRandom;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.bouncycastle.tls.DTLSClientProtocol;
import org.bouncycastle.tls.DTLSServerProtocol;
import org.bouncycastle.tls.DatagramTransport;
import org.bouncycastle.tls.crypto.impl.bc.BcTlsCrypto;

/**
 * DTLS-SRTP handshakes per second with the relay's own server and client classes, connected by
 * in-memory datagram pipes: the handshake cost without the network. Each handshake does what a
 * call's does (ECDHE P-256/X25519, ECDSA certificates both ways, fingerprint checks, SRTP key
 * export). Bounded by time.
 */
public final class DtlsHandshakeBench {

    private DtlsHandshakeBench() {
    }

    /** Handshakes completed per second over {@code seconds}, with {@code pairs} running at once. */
    public static double run(int pairs, double seconds) throws Exception {
        DtlsIdentity serverIdentity = DtlsIdentity.generate();
        DtlsIdentity clientIdentity = DtlsIdentity.generate();
        BcTlsCrypto crypto = new BcTlsCrypto(new SecureRandom());
        ExecutorService pool = Executors.newFixedThreadPool(2 * pairs);
        AtomicLong done = new AtomicLong();
        long end = System.nanoTime() + (long) (seconds * 1e9);
        Future<?>[] loops = new Future<?>[pairs];
        for (int p = 0; p < pairs; p++) {
            loops[p] = pool.submit(() -> {
                while (System.nanoTime() < end) {
                    Pipe a = new Pipe();
                    Pipe b = new Pipe();
                    Future<SrtpKeys> server = pool.submit(() -> {
                        DtlsSrtpServer s = new DtlsSrtpServer(crypto,
                                new DtlsCredentials(crypto, serverIdentity, clientIdentity.fingerprint()));
                        DTLSServerProtocol protocol = new DTLSServerProtocol();
                        protocol.setVerifyRequests(false);
                        protocol.accept(s, new End(a, b));
                        return s.keys();
                    });
                    DtlsSrtpClient c = new DtlsSrtpClient(crypto,
                            new DtlsCredentials(crypto, clientIdentity, serverIdentity.fingerprint()));
                    new DTLSClientProtocol().connect(c, new End(b, a));
                    SrtpKeys serverKeys = server.get(10, TimeUnit.SECONDS);
                    if (!java.util.Arrays.equals(serverKeys.localKey(), c.keys().remoteKey())) {
                        throw new IllegalStateException("the two ends derived different SRTP keys");
                    }
                    done.incrementAndGet();
                }
                return null;
            });
        }
        long start = System.nanoTime();
        for (Future<?> loop : loops) {
            loop.get();
        }
        double elapsed = (System.nanoTime() - start) / 1e9;
        pool.shutdownNow();
        return done.get() / elapsed;
    }

    /** One direction of an in-memory datagram link. */
    private static final class Pipe {
        final BlockingQueue<byte[]> queue = new ArrayBlockingQueue<>(256);
    }

    /** One end: reads its inbound pipe, writes the other's. */
    private record End(Pipe in, Pipe out) implements DatagramTransport {
        @Override
        public int getReceiveLimit() {
            return 1500;
        }

        @Override
        public int getSendLimit() {
            return 1200;
        }

        @Override
        public int receive(byte[] buf, int off, int len, int waitMillis) throws IOException {
            try {
                byte[] next = in.queue.poll(waitMillis, TimeUnit.MILLISECONDS);
                if (next == null) {
                    return -1;
                }
                System.arraycopy(next, 0, buf, off, Math.min(len, next.length));
                return Math.min(len, next.length);
            } catch (InterruptedException e) {
                throw new IOException(e);
            }
        }

        @Override
        public void send(byte[] buf, int off, int len) {
            out.queue.offer(java.util.Arrays.copyOfRange(buf, off, off + len));
        }

        @Override
        public void close() {
        }
    }
}
