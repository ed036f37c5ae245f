package org.opensbc.core.it;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * baresip 1.0.0 (the Debian package) as a SIP/UDP softphone, headless: a private config directory
 * ({@code -f DIR}), no sound card. Its microphone is {@code ausine} (a sine tone of its own
 * frequency, endless, so no end of file ends the call); what it receives is decoded and written
 * to {@code DIR/rec/dump-*-dec.wav} by the {@code sndfile} filter (there is no audio player, so
 * decoding is all that happens to it). Codecs: opus and G.711, in that order, as baresip's
 * example config has them.
 *
 * <p>It is driven through {@code ctrl_tcp} (JSON in netstrings on a loopback TCP port): commands
 * are the menu module's long commands (dial, accept, hangup, hold, resume, audio_debug), and UA
 * events (REGISTER_OK, CALL_INCOMING, CALL_ESTABLISHED, CALL_CLOSED...) are awaited by type. The
 * account is added with {@code uanew} once the control connection is up, so its REGISTER_OK is
 * seen. {@code -s} traces every SIP message on stdout, which the SDP checks read.
 *
 * <p>Everything is on 127.0.0.1: SIP ({@code sip_listen}), the address it puts in SDP
 * ({@code net_interface}), the control port, and the gateway as outbound proxy.
 */
final class BaresipPhone implements AutoCloseable {

    private static final Pattern ANSI = Pattern.compile("\u001B\\[[0-9;]*m");
    private static final Pattern JSON_STRING = Pattern.compile("\"(\\w+)\":\"((?:[^\"\\\\]|\\\\.)*)\"");
    private static final AtomicInteger INSTANCES = new AtomicInteger();

    final String user;
    final int toneHz;
    final int sipPort;
    final Path dir;
    private final Process process;
    private final StringBuffer log;
    private final Socket control;
    private final OutputStream commands;
    private final BlockingQueue<Event> events = new LinkedBlockingQueue<>();
    private final BlockingQueue<Event> responses = new LinkedBlockingQueue<>();
    private final List<Event> seen = new ArrayList<>();
    private int token;

    /** One ctrl_tcp message: an event (type, param) or a command's response (ok, data, token). */
    record Event(String json) {
        String get(String field) {
            Matcher m = JSON_STRING.matcher(json);
            while (m.find()) {
                if (m.group(1).equals(field)) {
                    return unescape(m.group(2));
                }
            }
            return null;
        }

        String type() {
            return get("type");
        }

        String param() {
            return get("param");
        }

        /** The other party of a call event. */
        String peer() {
            return get("peeruri");
        }

        boolean ok() {
            return json.contains("\"ok\":true");
        }
    }

    private BaresipPhone(String user, int toneHz, int sipPort, Path dir, Process process, StringBuffer log,
            Socket control) throws IOException {
        this.user = user;
        this.toneHz = toneHz;
        this.sipPort = sipPort;
        this.dir = dir;
        this.process = process;
        this.log = log;
        this.control = control;
        this.commands = control.getOutputStream();
        Thread reader = new Thread(this::readControl, "baresip-ctrl-" + user);
        reader.setDaemon(true);
        reader.start();
    }

    /** Starts baresip as {@code user}, registered with the gateway, its microphone a tone of {@code toneHz}. */
    static BaresipPhone register(ShippedGateway gw, String user, int toneHz) throws Exception {
        return register(gw, user, toneHz, null);
    }

    /**
     * @param audioCodecs the account's audio_codecs (e.g. "pcmu"), or null for all loaded (opus, PCMU, PCMA)
     */
    static BaresipPhone register(ShippedGateway gw, String user, int toneHz, String audioCodecs) throws Exception {
        BaresipPhone phone = start(gw, user, ShippedGateway.password(user), toneHz, audioCodecs);
        try {
            phone.await("REGISTER_OK", 15);
            return phone;
        } catch (AssertionError e) {
            phone.close();
            throw e;
        }
    }

    /**
     * Starts baresip and adds the account, whose REGISTER is then under way: await REGISTER_OK
     * or REGISTER_FAIL.
     */
    static BaresipPhone start(ShippedGateway gw, String user, String password, int toneHz, String audioCodecs)
            throws Exception {
        Path dir = TempDirs.create("baresip-" + user);
        Path rec = Files.createDirectories(dir.resolve("rec"));
        // Ports from a block of 1000 per suite offset (a suite at offset 100 may run beside this one),
        // below Linux's ephemeral range and outside the gateway's media ranges: 100 RTP ports per
        // phone in the first 800, SIP and control ports above them.
        int block = 20000 + 10 * Integer.getInteger("it.shippedPortOffset", 0);
        int rtpFirst = block + 100 * (INSTANCES.getAndIncrement() % 8);
        int sipPort = freePort(block + 800, block + 900, true);
        int controlPort = freePort(block + 900, block + 1000, false);
        Files.writeString(dir.resolve("config"), String.join("\n",
                "poll_method\t\tepoll",
                "sip_listen\t\t127.0.0.1:" + sipPort,
                "net_interface\t\t127.0.0.1",        // the address in its SDP and Contact; never eth0's
                "dns_server\t\t127.0.0.1:53",         // all URIs are addresses: nothing to look up off the host
                "call_local_timeout\t60",
                "call_max_calls\t\t4",
                // no audio_player: no player module is loaded, received audio is only decoded (and dumped)
                "audio_source\t\tausine," + toneHz,
                "ausrc_srate\t\t48000",                // ausine makes 48 kHz stereo only; baresip resamples
                "ausrc_channels\t\t2",
                "audio_buffer\t\t20-160",
                "rtp_ports\t\t" + rtpFirst + "-" + (rtpFirst + 99),
                "rtcp_mux\t\tno",
                "jitter_buffer_delay\t5-10",
                "statmode_default\toff",               // no status line on stdout every 100 ms
                "module_path\t\t/usr/lib/baresip/modules",
                "module\t\t\topus.so",
                "module\t\t\tg711.so",
                "module\t\t\tausine.so",
                "module\t\t\tsndfile.so",
                "snd_path\t\t" + rec,
                "module_app\t\tmenu.so",
                "module_app\t\tctrl_tcp.so",
                "ctrl_tcp_listen\t\t127.0.0.1:" + controlPort,
                ""));
        Path logFile = dir.resolve("baresip.log"); // kept with -Dit.keepTemp=true
        Process process;
        try {
            process = new ProcessBuilder("baresip", "-f", dir.toString(), "-s").redirectErrorStream(true).start();
        } catch (IOException notInstalled) {
            throw new AssertionError("baresip not installed: run scripts/test.sh (Debian package baresip-core)",
                    notInstalled);
        }
        process.getOutputStream().close();
        StringBuffer log = new StringBuffer();
        Thread out = new Thread(() -> copyOutput(process.getInputStream(), log, logFile), "baresip-out-" + user);
        out.setDaemon(true);
        out.start();
        Socket control = null;
        try {
            control = connect(controlPort, process);
            BaresipPhone phone = new BaresipPhone(user, toneHz, sipPort, dir, process, log, control);
            // The AOR in a domain of the gateway's (127.0.0.1), the gateway as outbound proxy (as a
            // softphone is pointed at an SBC; the gateway's port moves with it.shippedPortOffset).
            // Calls are answered by command (accept), not automatically.
            String account = "<sip:" + user + "@127.0.0.1>;auth_pass=" + password
                    + ";outbound=\"sip:127.0.0.1:" + gw.sipPort + "\";regint=600;answermode=manual"
                    + (audioCodecs != null ? ";audio_codecs=" + audioCodecs : "");
            phone.command("uanew", account);
            return phone;
        } catch (Exception | AssertionError e) {
            if (control != null) {
                control.close();
            }
            stop(process);
            throw new AssertionError("baresip " + user + " did not start: " + e.getMessage()
                    + "\n" + log, e);
        }
    }

    /** Everything baresip printed so far (SIP trace included), without colour codes. */
    String log() {
        return ANSI.matcher(log).replaceAll("");
    }

    void dial(String uri) throws Exception {
        command("dial", uri);
    }

    void accept() throws Exception {
        command("accept", null);
    }

    void hangup() throws Exception {
        command("hangup", null);
    }

    void hold() throws Exception {
        command("hold", null);
    }

    void resume() throws Exception {
        command("resume", null);
    }

    /** Blind transfer of the current call (REFER), e.g. to "sip:bob@127.0.0.1". */
    void transfer(String uri) throws Exception {
        command("transfer", uri);
    }

    /** Runs a ctrl_tcp command and returns its text; fails if baresip says it failed. */
    synchronized String command(String command, String params) throws Exception {
        String tok = send(command, params);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (true) {
            long left = deadline - System.nanoTime();
            Event r = left > 0 ? responses.poll(left, TimeUnit.NANOSECONDS) : null;
            if (r == null) {
                throw new AssertionError("baresip " + user + ": no answer to '" + command + "' in 10 s\n" + log());
            }
            if (tok.equals(r.get("token"))) {
                if (!r.ok()) {
                    throw new AssertionError("baresip " + user + ": '" + command + "' failed: " + r.json());
                }
                return r.get("data");
            }
        }
    }

    /** Sends a command as a netstring; its token. */
    private synchronized String send(String command, String params) throws IOException {
        String tok = "t" + (++token);
        String json = "{\"command\":\"" + escape(command) + "\""
                + (params != null ? ",\"params\":\"" + escape(params) + "\"" : "")
                + ",\"token\":\"" + tok + "\"}";
        byte[] body = json.getBytes(StandardCharsets.UTF_8);
        commands.write((body.length + ":").getBytes(StandardCharsets.US_ASCII));
        commands.write(body);
        commands.write(',');
        commands.flush();
        return tok;
    }

    /** The next event of {@code type} (other events on the way are kept in {@link #seen()}). */
    Event await(String type, int seconds) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (true) {
            long left = deadline - System.nanoTime();
            Event e = left > 0 ? events.poll(left, TimeUnit.NANOSECONDS) : null;
            if (e == null) {
                throw new AssertionError("baresip " + user + ": no " + type + " within " + seconds + " s; saw "
                        + types() + "\n" + tail());
            }
            seen.add(e);
            if (type.equals(e.type())) {
                return e;
            }
            // a call or registration that ended while waiting for something else: no point waiting on
            if ("CALL_CLOSED".equals(e.type()) || "REGISTER_FAIL".equals(e.type())) {
                throw new AssertionError("baresip " + user + ": " + e.json() + " while waiting for " + type
                        + "; saw " + types() + "\n" + tail());
            }
        }
    }

    List<Event> seen() {
        return seen;
    }

    private List<String> types() {
        return seen.stream().map(e -> e.type() + (e.param() != null ? "(" + e.param() + ")" : "")).toList();
    }

    /** The audio stream as baresip reports it ({@code audio_debug}). */
    record AudioDebug(String text) {
        /** RTP packets received from the far end (the RTCP member's rcvd), 0 before any. */
        long received() {
            Matcher m = Pattern.compile("rcvd=(\\d+)").matcher(text);
            long max = 0;
            while (m.find()) {
                max = Math.max(max, Long.parseLong(m.group(1)));
            }
            return max;
        }

        /** Its own RTP port ("local: 0.0.0.0:22062"). */
        int localPort() {
            Matcher m = Pattern.compile("local: [^,]*:(\\d+),").matcher(text);
            return m.find() ? Integer.parseInt(m.group(1)) : -1;
        }

        /** Where it sends RTP ("remote: 127.0.0.1:50000/..."). */
        String remote() {
            Matcher m = Pattern.compile("remote: ([^/\\s]+)/").matcher(text);
            return m.find() ? m.group(1) : null;
        }

        /** sendrecv, sendonly, recvonly or inactive. */
        String direction() {
            Matcher m = Pattern.compile("audio dir=(\\w+)").matcher(text);
            return m.find() ? m.group(1) : null;
        }

        /** The encoder, e.g. "opus 48000Hz/2ch" or "PCMU 8000Hz/1ch". */
        String encoder() {
            Matcher m = Pattern.compile("encode: (\\S+ \\S+)").matcher(text);
            return m.find() ? m.group(1) : null;
        }
    }

    AudioDebug audio() throws Exception {
        return new AudioDebug(command("audio_debug", null));
    }

    /** Waits until it has received {@code packets} RTP packets in the call, or {@code seconds} pass. */
    AudioDebug awaitReceived(long packets, int seconds) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        AudioDebug audio = audio();
        while (audio.received() < packets && System.nanoTime() < deadline) {
            Thread.sleep(250);
            audio = audio();
        }
        return audio;
    }

    /** Every SIP message it received, as lines (from its -s trace), in order. */
    private List<String[]> received() {
        List<String[]> messages = new ArrayList<>();
        String me = "127.0.0.1:" + sipPort;
        // the trace prints "#", "UDP from -> to", then the message
        for (String chunk : log().split("\n#\r?\n")) {
            String[] lines = chunk.split("\r?\n");
            if (lines.length >= 2 && lines[0].matches("(UDP|TCP|TLS) \\S+ -> " + Pattern.quote(me))) {
                messages.add(java.util.Arrays.copyOfRange(lines, 1, lines.length));
            }
        }
        return messages;
    }

    /**
     * The requests it received, each as "METHOD Contact" (the Contact header's value, or "-"),
     * in order: where it will send its next requests in that dialog.
     */
    List<String> receivedRequestContacts() {
        List<String> requests = new ArrayList<>();
        for (String[] lines : received()) {
            if (lines[0].startsWith("SIP/2.0")) {
                continue;
            }
            String contact = "-";
            for (int i = 1; i < lines.length && !lines[i].isEmpty(); i++) {
                Matcher m = Pattern.compile("(?i)^(?:contact|m)\\s*:\\s*(.*)$").matcher(lines[i]);
                if (m.find()) {
                    contact = m.group(1).trim();
                }
            }
            requests.add(lines[0].split(" ")[0] + " " + contact);
        }
        return requests;
    }

    /** The SDP bodies of every SIP message it received (from its -s trace), in order. */
    List<String> receivedSdp() {
        List<String> bodies = new ArrayList<>();
        // the SDP is the body's run of x= lines
        for (String[] lines : received()) {
            StringBuilder sdp = new StringBuilder();
            boolean body = false;
            for (String line : lines) {
                if (!body) {
                    body = line.isEmpty();
                } else if (line.matches("[a-z]=.*")) {
                    sdp.append(line).append('\n');
                } else if (sdp.length() > 0) {
                    break;
                }
            }
            if (sdp.length() > 0) {
                bodies.add(sdp.toString());
            }
        }
        return bodies;
    }

    /** Where RTP came from, as baresip logged it when the stream started ("127.0.0.1:50000"), or null. */
    String rtpSource() {
        Matcher m = Pattern.compile("incoming rtp for 'audio' established, receiving from (\\S+)").matcher(log());
        String last = null;
        while (m.find()) {
            last = m.group(1);
        }
        return last;
    }

    /** What it heard: the largest decoded-audio dump (complete once the call is closed). */
    Recording recording() throws IOException {
        try (var files = Files.list(dir.resolve("rec"))) {
            Path wav = files.filter(f -> f.getFileName().toString().endsWith("-dec.wav"))
                    .max(Comparator.comparingLong(f -> f.toFile().length()))
                    .orElseThrow(() -> new AssertionError("baresip " + user + " recorded nothing\n" + tail()));
            return Recording.read(wav);
        }
    }

    /** A 16-bit PCM WAV file (first channel), measured for overall level and single tones. */
    record Recording(Path file, int rate, short[] samples) {

        static Recording read(Path file) throws IOException {
            ByteBuffer b = ByteBuffer.wrap(Files.readAllBytes(file)).order(ByteOrder.LITTLE_ENDIAN);
            int channels = 1;
            int rate = 8000;
            b.position(12);
            while (b.remaining() >= 8) {
                String id = new String(new byte[] {b.get(), b.get(), b.get(), b.get()}, StandardCharsets.US_ASCII);
                long size = b.getInt() & 0xFFFFFFFFL;
                if (id.equals("fmt ")) {
                    int start = b.position();
                    b.getShort();
                    channels = b.getShort();
                    rate = b.getInt();
                    b.position(start + (int) size);
                } else if (id.equals("data")) {
                    // sndfile writes the sizes when it closes the file: read to the end whatever it says
                    int frames = b.remaining() / (2 * channels);
                    short[] samples = new short[frames];
                    for (int i = 0; i < frames; i++) {
                        samples[i] = b.getShort(b.position() + 2 * channels * i);
                    }
                    return new Recording(file, rate, samples);
                } else {
                    b.position((int) Math.min(b.limit(), b.position() + size + (size & 1)));
                }
            }
            throw new AssertionError("no audio data in " + file);
        }

        double seconds() {
            return (double) samples.length / rate;
        }

        double rms() {
            double sum = 0;
            for (short s : samples) {
                sum += (double) s * s;
            }
            return samples.length == 0 ? 0 : Math.sqrt(sum / samples.length);
        }

        /** RMS of the {@code hz} component over the whole recording (Goertzel), on the 16-bit scale. */
        double tone(int hz) {
            double k = 2 * Math.cos(2 * Math.PI * hz / rate);
            double s1 = 0;
            double s2 = 0;
            for (short x : samples) {
                double s0 = x + k * s1 - s2;
                s2 = s1;
                s1 = s0;
            }
            double power = s1 * s1 + s2 * s2 - k * s1 * s2;
            return samples.length == 0 ? 0 : Math.sqrt(2 * Math.max(0, power)) / samples.length;
        }

        @Override
        public String toString() {
            return String.format("%s: %.1f s at %d Hz, RMS %.0f", file.getFileName(), seconds(), rate, rms());
        }
    }

    /** The last lines of its log, for failure messages. */
    String tail() {
        String text = log();
        return text.length() > 6000 ? "...\n" + text.substring(text.length() - 6000) : text;
    }

    @Override
    public void close() throws Exception {
        try {
            send("quit", null); // unregisters (REGISTER with Expires 0), then exits
        } catch (IOException gone) {
            // already exited
        }
        try {
            // quick when the gateway answers the un-REGISTER; a gateway that drops it gets SIGTERM
            process.waitFor(5, TimeUnit.SECONDS);
            control.close();
        } finally {
            stop(process);
        }
    }

    private static void stop(Process process) throws InterruptedException {
        if (!process.isAlive()) {
            return;
        }
        process.destroy();
        if (!process.waitFor(5, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
        }
    }

    private void readControl() {
        try (InputStream in = new BufferedInputStream(control.getInputStream())) {
            while (true) {
                int length = 0;
                for (int c; (c = in.read()) != ':'; ) {
                    if (c < '0' || c > '9') {
                        return; // closed (or not a netstring)
                    }
                    length = length * 10 + (c - '0');
                }
                byte[] body = in.readNBytes(length);
                in.read(); // the trailing ','
                Event e = new Event(new String(body, StandardCharsets.UTF_8));
                (e.json().contains("\"response\":true") ? responses : events).add(e);
            }
        } catch (IOException closed) {
            // the phone quit
        }
    }

    private static Socket connect(int port, Process process) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (true) {
            if (!process.isAlive()) {
                throw new AssertionError("baresip exited with " + process.exitValue());
            }
            Socket s = new Socket();
            try {
                s.connect(new InetSocketAddress("127.0.0.1", port), 1000);
                return s;
            } catch (IOException notYet) {
                s.close();
                if (System.nanoTime() > deadline) {
                    throw new AssertionError("baresip's ctrl_tcp port " + port + " not open in 10 s");
                }
                Thread.sleep(50);
            }
        }
    }

    private static void copyOutput(InputStream in, StringBuffer log, Path file) {
        byte[] buffer = new byte[8192];
        try (in; OutputStream out = Files.newOutputStream(file)) {
            for (int n; (n = in.read(buffer)) > 0; ) {
                log.append(new String(buffer, 0, n, StandardCharsets.UTF_8));
                out.write(buffer, 0, n);
                out.flush();
            }
        } catch (IOException ended) {
            // the process is gone
        }
    }

    /**
     * A free TCP port in [from, to), for SIP also free for UDP and with the next port free for TCP
     * (baresip listens for TLS there).
     */
    private static int freePort(int from, int to, boolean sip) throws IOException {
        for (int port = from; port < to; port += 2) {
            try (ServerSocket tcp = new ServerSocket()) {
                tcp.bind(new InetSocketAddress("127.0.0.1", port));
                if (sip) {
                    try (DatagramSocket udp = new DatagramSocket(new InetSocketAddress("127.0.0.1", port));
                            ServerSocket tls = new ServerSocket()) {
                        tls.bind(new InetSocketAddress("127.0.0.1", port + 1));
                    }
                }
                return port;
            } catch (IOException busy) {
                // try the next
            }
        }
        throw new IOException("no free port in " + from + "-" + to);
    }

    private static String escape(String s) {
        return s.replace("\\", "\\\\").replace("\"", "\\\"");
    }

    private static String unescape(String s) {
        StringBuilder out = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c != '\\' || i + 1 == s.length()) {
                out.append(c);
                continue;
            }
            char n = s.charAt(++i);
            switch (n) {
                case 'n' -> out.append('\n');
                case 'r' -> out.append('\r');
                case 't' -> out.append('\t');
                case 'u' -> {
                    out.append((char) Integer.parseInt(s.substring(i + 1, i + 5), 16));
                    i += 4;
                }
                default -> out.append(n);
            }
        }
        return out.toString();
    }
}
