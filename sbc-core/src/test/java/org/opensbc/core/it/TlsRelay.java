package org.opensbc.core.it;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;

/**
 * The TLS half of a SIPp peer. Debian's SIPp (sip-tester 3.6.1) is built without OpenSSL and
 * refuses {@code -t l1}, so SIPp speaks TCP to this relay and the relay speaks real TLS to the
 * gateway; the scenarios say TLS in their Via and Contact, as a TLS phone's would. Two shapes:
 *
 * <ul>
 * <li>{@link #phone}: one TLS connection from the phone's address to the gateway, kept open like
 * a registered phone keeps its own. SIPp runs as a client connect to {@link #sippPort()} one
 * after the other over it; what the gateway sends while none is connected (an INVITE to the
 * registered phone) goes to the SIPp server set with {@link #answerAt}.</li>
 * <li>{@link #trunk}: a TLS server (the trunk's certificate) on the trunk's address; each
 * connection the gateway opens is carried to a SIPp server over TCP.</li>
 * </ul>
 */
final class TlsRelay implements AutoCloseable {

    private final List<Socket> sockets = new CopyOnWriteArrayList<>();
    private final List<String> handshakeFailures = new CopyOnWriteArrayList<>();
    private final ServerSocket listener;
    /** Phone shape: the connection to the gateway, and where its bytes go now. */
    private final SSLSocket uplink;
    private volatile Socket downlink;
    private volatile InetSocketAddress answerAt;
    private volatile boolean closed;

    private TlsRelay(ServerSocket listener, SSLSocket uplink) {
        this.listener = listener;
        this.uplink = uplink;
    }

    /** A phone at {@code phoneIp} connected over TLS to the gateway's TLS port (handshake done). */
    static TlsRelay phone(String phoneIp, int gatewayTlsPort, SSLContext client) throws IOException {
        SSLSocket tls = (SSLSocket) client.getSocketFactory().createSocket();
        tls.bind(new InetSocketAddress(phoneIp, 0));
        tls.connect(new InetSocketAddress("127.0.0.1", gatewayTlsPort), 3000);
        tls.startHandshake();
        // on the gateway's address, so that SIPp's [remote_ip] (its Request-URI and To domain) is the gateway's
        ServerSocket plain = new ServerSocket();
        plain.bind(new InetSocketAddress("127.0.0.1", 0));
        TlsRelay relay = new TlsRelay(plain, tls);
        relay.sockets.add(tls);
        relay.thread("phone-accept", relay::acceptSipp);
        relay.thread("phone-uplink", relay::fromGateway);
        return relay;
    }

    /** A trunk's TLS server at {@code ip:port} that hands each connection to the SIPp server at {@code sipp}. */
    static TlsRelay trunk(String ip, int port, SSLContext server, InetSocketAddress sipp) throws IOException {
        SSLServerSocket tls = (SSLServerSocket) server.getServerSocketFactory().createServerSocket();
        tls.bind(new InetSocketAddress(ip, port));
        TlsRelay relay = new TlsRelay(tls, null);
        relay.answerAt = sipp;
        relay.thread("trunk-accept", relay::acceptGateway);
        return relay;
    }

    /** Where SIPp clients connect (the phone shape). */
    int sippPort() {
        return listener.getLocalPort();
    }

    /** The gateway's requests to this phone go to a SIPp server listening here. */
    void answerAt(String ip, int port) {
        answerAt = new InetSocketAddress(ip, port);
    }

    /** The local port of the phone's TLS connection (what the gateway sees as its source). */
    int tlsSourcePort() {
        return uplink.getLocalPort();
    }

    /** Why incoming TLS handshakes failed (the trunk shape), e.g. the gateway refused the certificate. */
    List<String> handshakeFailures() {
        return handshakeFailures;
    }

    private void acceptSipp() {
        while (!closed) {
            try {
                Socket sipp = listener.accept();
                sockets.add(sipp);
                downlink = sipp;
                thread("phone-downlink", () -> pump(sipp, uplink, false));
            } catch (IOException e) {
                return;
            }
        }
    }

    /** Bytes from the gateway to the connected SIPp client, or else to the SIPp server. */
    private void fromGateway() {
        byte[] buf = new byte[16384];
        try {
            InputStream in = uplink.getInputStream();
            for (int n; (n = in.read(buf)) > 0; ) {
                Socket to = downlink;
                if ((to == null || to.isClosed()) && answerAt != null) {
                    to = connectQuietly(answerAt);
                    if (to != null) {
                        Socket server = to;
                        downlink = server;
                        thread("phone-server", () -> pump(server, uplink, false));
                    }
                }
                if (to != null) {
                    try {
                        writeTo(to, buf, n);
                    } catch (IOException gone) {
                        closeQuietly(to); // that SIPp has finished: the phone's connection stays
                    }
                }
            }
        } catch (IOException e) {
            // the gateway closed the phone's connection
        }
    }

    private Socket connectQuietly(InetSocketAddress to) {
        try {
            return connect(to);
        } catch (IOException e) {
            return null;
        }
    }

    private void acceptGateway() {
        while (!closed) {
            try {
                SSLSocket tls = (SSLSocket) listener.accept();
                sockets.add(tls);
                thread("trunk-conn", () -> carry(tls));
            } catch (IOException e) {
                return;
            }
        }
    }

    private void carry(SSLSocket tls) {
        try {
            tls.setSoTimeout(10_000);
            tls.startHandshake();
            tls.setSoTimeout(0);
        } catch (IOException e) {
            handshakeFailures.add(e.toString());
            closeQuietly(tls);
            return;
        }
        try {
            Socket sipp = connect(answerAt);
            thread("trunk-back", () -> pump(sipp, tls, true));
            pump(tls, sipp, true);
        } catch (IOException e) {
            closeQuietly(tls);
        }
    }

    private Socket connect(InetSocketAddress to) throws IOException {
        Socket s = new Socket();
        s.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        s.connect(to, 3000);
        sockets.add(s);
        return s;
    }

    /** Copies until {@code from} ends; {@code closeBoth} ends {@code to} then too. */
    private void pump(Socket from, Socket to, boolean closeBoth) {
        byte[] buf = new byte[16384];
        try {
            InputStream in = from.getInputStream();
            for (int n; (n = in.read(buf)) > 0; ) {
                writeTo(to, buf, n);
            }
        } catch (IOException e) {
            // one side closed
        } finally {
            closeQuietly(from);
            if (closeBoth) {
                closeQuietly(to);
            }
        }
    }

    private static void writeTo(Socket to, byte[] buf, int n) throws IOException {
        synchronized (to) {
            OutputStream out = to.getOutputStream();
            out.write(buf, 0, n);
            out.flush();
        }
    }

    private void thread(String name, Runnable body) {
        Thread t = new Thread(body, "tls-relay-" + name);
        t.setDaemon(true);
        t.start();
    }

    private static void closeQuietly(Socket s) {
        try {
            s.close();
        } catch (IOException ignored) {
            // already closed
        }
    }

    @Override
    public void close() {
        closed = true;
        try {
            listener.close();
        } catch (IOException ignored) {
            // already closed
        }
        sockets.forEach(TlsRelay::closeQuietly);
    }
}
