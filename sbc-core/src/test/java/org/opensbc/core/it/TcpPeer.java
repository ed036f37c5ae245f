package org.opensbc.core.it;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;

/** A bare TCP connection to the gateway: writes raw SIP bytes, reads the first answer back. */
final class TcpPeer implements AutoCloseable {

    private final Socket socket = new Socket();

    TcpPeer(String localIp, int gatewayPort) throws IOException {
        socket.bind(new InetSocketAddress(localIp, 0));
        socket.connect(new InetSocketAddress("127.0.0.1", gatewayPort), 2000);
    }

    void send(byte[] message) throws IOException {
        socket.getOutputStream().write(message);
        socket.getOutputStream().flush();
    }

    /** The first non-100 response's text (headers at least), or null on timeout or close. */
    String finalResponse(int timeoutMillis) throws IOException {
        socket.setSoTimeout(timeoutMillis);
        InputStream in = socket.getInputStream();
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        byte[] chunk = new byte[8192];
        long end = System.currentTimeMillis() + timeoutMillis;
        try {
            while (System.currentTimeMillis() < end) {
                int n = in.read(chunk);
                if (n < 0) {
                    break;
                }
                buf.write(chunk, 0, n);
                String text = buf.toString(StandardCharsets.UTF_8);
                int headEnd;
                while ((headEnd = text.indexOf("\r\n\r\n")) >= 0) {
                    String head = text.substring(0, headEnd);
                    if (!head.startsWith("SIP/2.0 100 ")) {
                        return head;
                    }
                    text = text.substring(headEnd + 4);
                    buf.reset();
                    buf.write(text.getBytes(StandardCharsets.UTF_8));
                }
            }
        } catch (SocketTimeoutException e) {
            return null;
        }
        return null;
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
