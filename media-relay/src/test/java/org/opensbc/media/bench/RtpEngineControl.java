package org.opensbc.media.bench;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A minimal client of rtpengine's ng control protocol (bencoded dictionaries over UDP, each
 * message prefixed with a cookie): offer and answer, as Kamailio's rtpengine module sends them.
 */
final class RtpEngineControl implements AutoCloseable {

    private final DatagramSocket socket;
    private final InetSocketAddress engine;
    private final AtomicInteger cookies = new AtomicInteger();

    RtpEngineControl(InetSocketAddress engine) throws IOException {
        this.engine = engine;
        this.socket = new DatagramSocket(new InetSocketAddress("127.0.0.1", 0));
        socket.setSoTimeout(3000);
    }

    /** @return the SDP rtpengine gives the other side */
    String offer(String callId, String fromTag, String sdp) throws IOException {
        return sdp(Map.of("command", "offer", "call-id", callId, "from-tag", fromTag, "sdp", sdp,
                "replace", List.of("origin", "session-connection")));
    }

    /** An offer after which rtpengine also offers {@code codecs} to the other side, transcoding when chosen. */
    String offerTranscoding(String callId, String fromTag, String sdp, List<String> codecs) throws IOException {
        return sdp(Map.of("command", "offer", "call-id", callId, "from-tag", fromTag, "sdp", sdp,
                "replace", List.of("origin", "session-connection"), "codec", Map.of("transcode", codecs)));
    }

    String answer(String callId, String fromTag, String toTag, String sdp) throws IOException {
        return sdp(Map.of("command", "answer", "call-id", callId, "from-tag", fromTag, "to-tag", toTag,
                "sdp", sdp, "replace", List.of("origin", "session-connection")));
    }

    private String sdp(Map<String, Object> message) throws IOException {
        return string(command(message), "3:sdp");
    }

    private String command(Map<String, Object> message) throws IOException {
        String cookie = "b" + cookies.incrementAndGet();
        byte[] out = (cookie + " " + encode(new LinkedHashMap<>(message))).getBytes(StandardCharsets.ISO_8859_1);
        socket.send(new DatagramPacket(out, out.length, engine));
        byte[] in = new byte[65_536];
        DatagramPacket reply = new DatagramPacket(in, in.length);
        socket.receive(reply);
        String text = new String(in, 0, reply.getLength(), StandardCharsets.ISO_8859_1);
        String body = text.substring(text.indexOf(' ') + 1);
        if (!body.contains("6:result2:ok")) {
            throw new IOException("rtpengine refused " + message.get("command") + ": " + body);
        }
        return body;
    }

    /** Ends a call in rtpengine (a step's calls must not linger into the next). */
    void delete(String callId) throws IOException {
        command(Map.of("command", "delete", "call-id", callId));
    }

    /** The string value following {@code key} in a bencoded dictionary. */
    private static String string(String dict, String key) throws IOException {
        int at = dict.indexOf(key);
        if (at < 0) {
            throw new IOException("no " + key + " in " + dict);
        }
        int colon = dict.indexOf(':', at + key.length());
        int length = Integer.parseInt(dict.substring(at + key.length(), colon));
        return dict.substring(colon + 1, colon + 1 + length);
    }

    private static String encode(Object value) {
        if (value instanceof String s) {
            return s.getBytes(StandardCharsets.ISO_8859_1).length + ":" + s;
        }
        if (value instanceof List<?> list) {
            StringBuilder b = new StringBuilder("l");
            list.forEach(item -> b.append(encode(item)));
            return b.append('e').toString();
        }
        if (value instanceof Map<?, ?> map) {
            StringBuilder b = new StringBuilder("d");
            map.forEach((k, v) -> b.append(encode(k)).append(encode(v)));
            return b.append('e').toString();
        }
        return "i" + value + "e";
    }

    @Override
    public void close() {
        socket.close();
    }
}
