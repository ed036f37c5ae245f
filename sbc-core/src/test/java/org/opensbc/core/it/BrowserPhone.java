package org.opensbc.core.it;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A real web phone in headless Chromium, registered with the gateway over wss://: JsSIP
 * (sbc-core/src/test/browser/jssip-phone.mjs, {@link #register}) or SIP.js (sipjs-phone.mjs,
 * {@link #sipJs}). Commands go in on stdin; events (one JSON object per line) come back and are
 * awaited by name.
 */
final class BrowserPhone implements AutoCloseable {

    static final Path BROWSER_DIR = Path.of(System.getProperty("sbc.repo.root", ".."))
            .resolve("sbc-core/src/test/browser");

    private final Process node;
    private final String library;
    private final Writer in;
    private final BlockingQueue<String> events = new LinkedBlockingQueue<>();
    private final List<String> seen = new ArrayList<>();

    /** The JSON line the page printed once registered. */
    private String registration;

    private BrowserPhone(Process node, String library) {
        this.node = node;
        this.library = library;
        this.in = new OutputStreamWriter(node.getOutputStream(), StandardCharsets.UTF_8);
        Thread reader = new Thread(() -> {
            try (BufferedReader out = new BufferedReader(new InputStreamReader(node.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line; (line = out.readLine()) != null; ) {
                    events.add(line);
                }
            } catch (IOException e) {
                events.add("{\"event\":\"io-error\"}");
            }
        }, "browser-events");
        reader.setDaemon(true);
        reader.start();
    }

    /** Starts the browser as {@code user} and waits until it is registered. */
    static BrowserPhone register(TestGateway gw, String user, String password, boolean autoAnswer) throws Exception {
        return register(gw, user, password, autoAnswer, null);
    }

    /** @param fakeAudio a WAV file the fake microphone plays (looped), or null for Chromium's beep */
    static BrowserPhone register(TestGateway gw, String user, String password, boolean autoAnswer, Path fakeAudio)
            throws Exception {
        return register(gw, user, password, autoAnswer, fakeAudio, null);
    }

    /** @param audioCodecs the only audio encodings the page offers and answers with ("opus,telephone-event"), or null */
    static BrowserPhone register(TestGateway gw, String user, String password, boolean autoAnswer, Path fakeAudio,
            String audioCodecs) throws Exception {
        return register(gw.wssPort, user, password, autoAnswer, fakeAudio, audioCodecs);
    }

    /** The same against any gateway listening for wss:// on 127.0.0.1:{@code wssPort} (a ShippedGateway). */
    static BrowserPhone register(int wssPort, String user, String password, boolean autoAnswer, Path fakeAudio,
            String audioCodecs) throws Exception {
        return start("jssip", "127.0.0.1", wssPort, user, password, autoAnswer, fakeAudio, audioCodecs);
    }

    /**
     * The same over IPv6: the page connects to wss://[::1]:{@code wssPort} and registers as
     * {@code user}@[::1].
     */
    static BrowserPhone registerOverIpv6(int wssPort, String user, String password, Path fakeAudio) throws Exception {
        return start("jssip", "[::1]", wssPort, user, password, false, fakeAudio, null);
    }

    /** A SIP.js web phone (sipjs-phone.mjs) registered as {@code user} with the gateway the README runs. */
    static BrowserPhone sipJs(ShippedGateway gw, String user, boolean autoAnswer, Path fakeAudio) throws Exception {
        return start("sipjs", "127.0.0.1", gw.wssPort, user, ShippedGateway.password(user), autoAnswer, fakeAudio,
                null);
    }

    /**
     * @param library "jssip" or "sipjs": runs {library}-phone.mjs with build/{library}.js
     * @param host    the gateway as the page's URLs name it: "127.0.0.1" or "[::1]"
     */
    /**
     * A JsSIP page given two gateway nodes: it connects to {@code wssPort} and, when that one
     * fails, to {@code fallbackWssPort} (JsSIP's weighted sockets), registering there.
     */
    static BrowserPhone registerWithFallback(int wssPort, int fallbackWssPort, String user, String password,
            boolean autoAnswer, Path fakeAudio) throws Exception {
        return start("jssip", "127.0.0.1", wssPort, fallbackWssPort, user, password, autoAnswer, fakeAudio, null);
    }

    private static BrowserPhone start(String library, String host, int wssPort, String user, String password,
            boolean autoAnswer, Path fakeAudio, String audioCodecs) throws Exception {
        return start(library, host, wssPort, 0, user, password, autoAnswer, fakeAudio, audioCodecs);
    }

    private static BrowserPhone start(String library, String host, int wssPort, int fallbackWssPort, String user,
            String password, boolean autoAnswer, Path fakeAudio, String audioCodecs) throws Exception {
        if (!Files.exists(BROWSER_DIR.resolve("build/" + library + ".js"))) {
            fail("browser peer not installed: run scripts/test.sh (npm ci + bundle in " + BROWSER_DIR + ")");
        }
        ProcessBuilder pb = new ProcessBuilder("node", library + "-phone.mjs").directory(BROWSER_DIR.toFile());
        pb.environment().put("SBC_WSS_URL", "wss://" + host + ":" + wssPort);
        if (fallbackWssPort > 0) {
            pb.environment().put("SBC_WSS_URL2", "wss://" + host + ":" + fallbackWssPort);
        }
        pb.environment().put("SBC_SIP_URI", "sip:" + user + "@" + host);
        pb.environment().put("SBC_PASSWORD", password);
        pb.environment().put("SBC_AUTO_ANSWER", autoAnswer ? "1" : "0");
        if (fakeAudio != null) {
            pb.environment().put("SBC_FAKE_AUDIO", fakeAudio.toAbsolutePath().toString());
        }
        if (audioCodecs != null) {
            pb.environment().put("SBC_AUDIO_CODECS", audioCodecs);
        }
        pb.redirectError(ProcessBuilder.Redirect.INHERIT);
        BrowserPhone phone = new BrowserPhone(pb.start(), library);
        try {
            phone.registration = phone.await(30, "registered");
        } catch (AssertionError | InterruptedException e) {
            phone.close();
            throw e;
        }
        return phone;
    }

    /** The page's "registered" event (status, and the Contact of the 200). */
    String registration() {
        return registration;
    }

    void send(String command) throws IOException {
        in.write(command + "\n");
        in.flush();
    }

    /** The next event named {@code name} (earlier other events are kept in {@link #seen()}). */
    String await(String name, int seconds) throws InterruptedException {
        return await(seconds, name);
    }

    /**
     * The next event with any of these names (an outcome that can go either way, e.g. messageSent
     * or messageFailed). A "failed" or "timeout" event, or a page that fails to register, ends the
     * wait at once.
     */
    String await(int seconds, String... names) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        List<String> wanted = List.of(names);
        while (true) {
            long left = deadline - System.nanoTime();
            String event = left > 0 ? events.poll(left, TimeUnit.NANOSECONDS) : null;
            if (event == null) {
                throw new AssertionError(library + ": no " + wanted + " within " + seconds + " s; saw " + seen);
            }
            seen.add(event);
            for (String name : names) {
                if (event.contains("\"event\":\"" + name + "\"")) {
                    return event;
                }
            }
            if (event.contains("\"event\":\"failed\"") || event.contains("\"event\":\"timeout\"")
                    || event.contains("\"event\":\"registrationFailed\"")) {
                throw new AssertionError(library + ": " + event + " while waiting for " + wanted + "; saw " + seen);
            }
        }
    }

    /** The browser's getStats() summary for the call (see jssip-phone.mjs "stats"; sipjs-phone.mjs gives the same fields). */
    Stats stats() throws Exception {
        send("stats");
        return new Stats(await("stats", 10));
    }

    /** A few fields of the stats event, read from its JSON line. */
    record Stats(String json) {
        String text(String field) {
            java.util.regex.Matcher m = java.util.regex.Pattern.compile("\"" + field + "\":\"([^\"]*)\"").matcher(json);
            return m.find() ? m.group(1) : null;
        }

        double number(String field) {
            java.util.regex.Matcher m = java.util.regex.Pattern.compile("\"" + field + "\":([-0-9.eE]+)").matcher(json);
            return m.find() ? Double.parseDouble(m.group(1)) : 0;
        }
    }

    /**
     * Polls getStats() until at least {@code packets} audio packets arrived and played out with
     * some energy (playout starts a moment after the first packets), or {@code seconds} pass.
     */
    Stats awaitAudio(double packets, int seconds) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        Stats stats = stats();
        while ((stats.number("audioPacketsReceived") < packets || stats.number("totalAudioEnergy") <= 0)
                && System.nanoTime() < deadline) {
            Thread.sleep(500);
            stats = stats();
        }
        return stats;
    }

    List<String> seen() {
        return seen;
    }

    @Override
    public void close() throws Exception {
        try {
            send("quit");
        } catch (IOException gone) {
            // already exited
        }
        if (!node.waitFor(20, TimeUnit.SECONDS)) {
            node.destroyForcibly();
        }
    }
}
