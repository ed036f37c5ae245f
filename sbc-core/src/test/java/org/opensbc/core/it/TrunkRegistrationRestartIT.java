package org.opensbc.core.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A provider registration across restarts of the packaged gateway on one config and data
 * directory. After {@code kill -9}: the registration is taken over from the state store, no
 * REGISTER goes before its refresh time (half the 90 s granted), and the refresh keeps the
 * Call-ID with the next CSeq. After a graceful stop (the registration withdrawn): the next start
 * registers at once.
 */
class TrunkRegistrationRestartIT {

    private static final String PROVIDER_IP = "127.0.0.61";

    @Test
    @Timeout(180)
    void afterKillNineTheRegistrationGoesOnUntilItsRefresh() throws Exception {
        int providerPort = TestGateway.freeUdpAndTcpPort();
        Sipp.Running provider = Sipp.start("uas-registrar-restart.xml", null, "u1", PROVIDER_IP, providerPort, null,
                "-timeout", "150s");
        try (GatewayProcess gw = new GatewayProcess(config(providerPort))) {
            gw.start();
            gw.awaitTrunk("\"registration\":\"registered\"");
            List<Seen> before = registers(provider);
            assertEquals(2, before.size(), "the REGISTER and its answer to the challenge");
            gw.awaitStored();

            gw.kill();
            gw.start();
            gw.awaitTrunk("\"registration\":\"registered (restored)\"");
            assertTrue(gw.log().contains("trunk provider: registration restored, refresh in "), gw.log());
            assertEquals(2, registers(provider).size(), "no REGISTER at start");

            Sipp.Result refreshed = provider.await(90);
            assertEquals(0, refreshed.exitCode(), "the refresh came with the same Call-ID: " + refreshed.output());
            List<Seen> all = registers(provider);
            assertEquals(4, all.size(), "the refresh and its answer to the challenge: " + all);
            double wait = all.get(2).at() - before.get(1).at();
            assertTrue(wait >= 44.5 && wait < 48, "the refresh at half the 90 s granted, not at start: " + wait + " s");
            for (Seen s : all) {
                assertEquals(before.get(0).header("Call-ID"), s.header("Call-ID"), "one Call-ID: " + all);
            }
            assertEquals(cseq(before.get(1)) + 1, cseq(all.get(2)), "the refresh counts the CSeq on");
            gw.awaitTrunk("\"registration\":\"registered\"");
        } finally {
            provider.kill();
        }
    }

    @Test
    @Timeout(120)
    void afterAGracefulStopTheNextStartRegistersAtOnce() throws Exception {
        int providerPort = TestGateway.freeUdpAndTcpPort();
        Sipp.Running withdrawn = Sipp.start("uas-registrar-unregister.xml", null, "u1", PROVIDER_IP, providerPort,
                null);
        try (GatewayProcess gw = new GatewayProcess(config(providerPort))) {
            gw.start();
            gw.awaitTrunk("\"registration\":\"registered\"");
            assertEquals(0, gw.stop(), "a clean stop");
            Sipp.Result unregistered = withdrawn.await(20);
            assertEquals(0, unregistered.exitCode(), "the un-REGISTER: " + unregistered.output());

            Sipp.Running registrar = Sipp.start("uas-registrar.xml", null, "u1", PROVIDER_IP, providerPort, null);
            try {
                gw.start();
                Sipp.Result registered = registrar.await(20);
                assertEquals(0, registered.exitCode(), "registered again at once: " + registered.output());
                assertFalse(gw.log().contains("registration restored"), gw.log());
                assertNotEquals(registers(withdrawn).get(0).header("Call-ID"),
                        registers(registrar).get(0).header("Call-ID"), "a new registration, a new Call-ID");
            } finally {
                registrar.kill();
            }
        } finally {
            withdrawn.kill();
        }
    }

    /** A config directory (free ports, dataDir inside it) with one trunk that registers for 90 s. */
    private static Path config(int providerPort) throws IOException {
        Path dir = TestGateway.writeConfig("shutdown: { drainSeconds: 1 }");
        Files.writeString(dir.resolve("routing.yaml"), """
                trunks:
                  - name: provider
                    host: %s
                    port: %d
                    digest: { username: acct123, password: s3cret-pass, register: true, expiresSeconds: 90 }
                rules: []
                """.formatted(PROVIDER_IP, providerPort));
        return dir;
    }

    /** A request SIPp received, with when (seconds of the day, from its -trace_msg log). */
    record Seen(double at, String message) {

        String header(String name) {
            Matcher m = Pattern.compile("(?mi)^" + name + ":\\s*(.+)$").matcher(message);
            return m.find() ? m.group(1).trim() : null;
        }
    }

    private static final Pattern RECEIVED = Pattern.compile(
            "-{20,} \\S+ (\\d\\d):(\\d\\d):([\\d.]+)\\n[^\\n]*message received[^\\n]*\\n\\s*(REGISTER .*?)(?=\\n-{20,} |\\z)",
            Pattern.DOTALL);

    /** The REGISTERs the provider received so far, in order. */
    private static List<Seen> registers(Sipp.Running provider) throws IOException {
        Matcher m = RECEIVED.matcher(provider.messages().replace("\r", ""));
        List<Seen> seen = new ArrayList<>();
        while (m.find()) {
            double at = Integer.parseInt(m.group(1)) * 3600 + Integer.parseInt(m.group(2)) * 60
                    + Double.parseDouble(m.group(3));
            seen.add(new Seen(at, m.group(4)));
        }
        return seen;
    }

    private static long cseq(Seen register) {
        return Long.parseLong(register.header("CSeq").split("\\s+")[0]);
    }

    /**
     * The packaged gateway ({@code java -jar sbc.jar}) as a process on one config directory, and
     * so one dataDir: started again after it was killed or stopped. Each run logs to its own file.
     */
    private static final class GatewayProcess implements AutoCloseable {

        private final Path config;
        private final AdminApi api;
        private Process process;
        private Path log;
        private int runs;

        GatewayProcess(Path config) throws IOException {
            this.config = config;
            int adminPort = Integer.parseInt(Files.readString(config.resolve("ports")).trim().split(" ")[2]);
            this.api = new AdminApi(adminPort, this::adminToken);
        }

        /** Starts a run and waits (up to 60 s) for /health. */
        void start() throws IOException, InterruptedException {
            log = config.resolve("sbc-" + ++runs + ".log");
            process = new ProcessBuilder("java", "-Xmx256m", "-jar", System.getProperty("sbc.jar"),
                    "--config", config.toString()).redirectErrorStream(true).redirectOutput(log.toFile()).start();
            long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (System.nanoTime() < end) {
                assertTrue(process.isAlive(), "the gateway exited:\n" + log());
                try {
                    if (api.anonymous("/health").statusCode() == 200) {
                        return;
                    }
                } catch (IOException notYet) {
                    // not listening yet
                }
                Thread.sleep(200);
            }
            throw new AssertionError("the gateway did not become healthy in 60 s:\n" + log());
        }

        /** kill -9: nothing is withdrawn, nothing is flushed. */
        void kill() throws InterruptedException {
            process.destroyForcibly();
            assertTrue(process.waitFor(10, TimeUnit.SECONDS), "killed");
        }

        /** SIGTERM; the exit code. */
        int stop() throws InterruptedException {
            process.destroy();
            assertTrue(process.waitFor(30, TimeUnit.SECONDS), "stopped");
            return process.exitValue();
        }

        /**
         * Waits (up to 5 s) until the store has written what was queued: a registration granted
         * a moment before {@code kill -9} may not be in the file yet (the store writes behind).
         */
        void awaitStored() throws IOException, InterruptedException {
            long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
            while (api.metric("sbc_state_written_total") < 1 || api.metric("sbc_state_queued") > 0) {
                assertTrue(System.nanoTime() < end, "the state store did not write the registration");
                Thread.sleep(50);
            }
        }

        String trunks() throws IOException, InterruptedException {
            return api.get("/trunks");
        }

        /** Waits up to 20 s for /trunks to contain {@code text}. */
        void awaitTrunk(String text) throws IOException, InterruptedException {
            long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
            while (!trunks().contains(text)) {
                assertTrue(System.nanoTime() < end, "no " + text + " in /trunks: " + trunks() + "\n" + log());
                Thread.sleep(100);
            }
        }

        /** This run's log so far. */
        String log() throws IOException {
            return Files.exists(log) ? Files.readString(log) : "";
        }

        private String adminToken() {
            try {
                return Files.readString(config.resolve("data").resolve("admin-token")).trim();
            } catch (IOException e) {
                throw new AssertionError("no admin token", e);
            }
        }

        @Override
        public void close() throws InterruptedException {
            if (process != null && process.isAlive()) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        }
    }
}
