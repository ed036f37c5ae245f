package org.opensbc.core.it;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;

/** A bare UDP socket on a chosen loopback address: sends raw SIP bytes, reads what comes back. */
final class UdpPeer implements AutoCloseable {

    private final DatagramSocket socket;
    private final InetSocketAddress gateway;

    UdpPeer(String localIp, int gatewayPort) throws IOException {
        socket = new DatagramSocket(new InetSocketAddress(localIp, 0));
        gateway = new InetSocketAddress("127.0.0.1", gatewayPort);
    }

    int port() {
        return socket.getLocalPort();
    }

    String ip() {
        return socket.getLocalAddress().getHostAddress();
    }

    void send(byte[] message) throws IOException {
        socket.send(new DatagramPacket(message, message.length, gateway));
    }

    void send(String message) throws IOException {
        send(message.getBytes(StandardCharsets.UTF_8));
    }

    /** The next datagram as text, or null when none comes within the timeout. */
    String receive(int timeoutMillis) throws IOException {
        socket.setSoTimeout(timeoutMillis);
        byte[] buf = new byte[65535];
        DatagramPacket p = new DatagramPacket(buf, buf.length);
        try {
            socket.receive(p);
            return new String(p.getData(), 0, p.getLength(), StandardCharsets.UTF_8);
        } catch (SocketTimeoutException e) {
            return null;
        }
    }

    /** The next response that is not a 100 Trying, or null. */
    String finalResponse(int timeoutMillis) throws IOException {
        long end = System.currentTimeMillis() + timeoutMillis;
        while (System.currentTimeMillis() < end) {
            String r = receive((int) Math.max(1, end - System.currentTimeMillis()));
            if (r == null) {
                return null;
            }
            if (r.startsWith("SIP/2.0 ") && !r.startsWith("SIP/2.0 100 ")) {
                return r;
            }
        }
        return null;
    }

    /** An OPTIONS to the gateway itself, with Via pointing at this socket. */
    String options(String callId) {
        return "OPTIONS sip:127.0.0.1:" + gateway.getPort() + " SIP/2.0\r\n"
                + "Via: SIP/2.0/UDP " + ip() + ":" + port() + ";branch=z9hG4bK" + callId + ";rport\r\n"
                + "Max-Forwards: 70\r\n"
                + "From: <sip:probe@" + ip() + ">;tag=" + callId + "\r\n"
                + "To: <sip:127.0.0.1>\r\n"
                + "Call-ID: " + callId + "\r\n"
                + "CSeq: 1 OPTIONS\r\n"
                + "Content-Length: 0\r\n\r\n";
    }

    /** A REGISTER for user at 127.0.0.1, optionally with an Authorization header line. */
    String register(String user, String callId, int cseq, String authorization) {
        return "REGISTER sip:127.0.0.1:" + gateway.getPort() + " SIP/2.0\r\n"
                + "Via: SIP/2.0/UDP " + ip() + ":" + port() + ";branch=z9hG4bK" + callId + cseq + ";rport\r\n"
                + "Max-Forwards: 70\r\n"
                + "From: <sip:" + user + "@127.0.0.1>;tag=" + callId + "\r\n"
                + "To: <sip:" + user + "@127.0.0.1>\r\n"
                + "Call-ID: " + callId + "\r\n"
                + "CSeq: " + cseq + " REGISTER\r\n"
                + "Contact: <sip:" + user + "@" + ip() + ":" + port() + ">\r\n"
                + (authorization == null ? "" : "Authorization: " + authorization + "\r\n")
                + "Expires: 300\r\n"
                + "Content-Length: 0\r\n\r\n";
    }

    @Override
    public void close() {
        socket.close();
    }
}
