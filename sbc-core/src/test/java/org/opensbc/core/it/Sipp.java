package org.opensbc.core.it;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs the real SIPp (Debian package sip-tester) against the test gateway. */
final class Sipp {

    /** Exit code and what SIPp wrote (its error file included). */
    record Result(int exitCode, String output) { }

    static final Path SCENARIOS = Path.of(System.getProperty("sbc.repo.root", "..")).resolve("sipp-scenarios");

    /** A SIPp process started in the background, with its message trace file. */
    static final class Running {
        private final Process process;
        private final Path work;
        private final List<String> command;

        private Running(Process process, Path work, List<String> command) {
            this.process = process;
            this.work = work;
            this.command = command;
        }

        /** Waits for SIPp to finish (it stops itself after -m calls or its -timeout). */
        Result await() throws IOException, InterruptedException {
            return await(40);
        }

        Result await(int seconds) throws IOException, InterruptedException {
            if (!process.waitFor(seconds, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                fail("SIPp did not finish: " + command);
            }
            String out = Files.readString(work.resolve("out.log"), StandardCharsets.ISO_8859_1);
            Path errors = work.resolve("errors.log");
            String errs = Files.exists(errors) ? Files.readString(errors) : "";
            return new Result(process.exitValue(), String.join(" ", command) + "\n" + out + "\n" + errs);
        }

        /** Every message SIPp sent and received (-trace_msg). */
        String messages() throws IOException {
            Path log = work.resolve("messages.log");
            return Files.exists(log) ? Files.readString(log, StandardCharsets.ISO_8859_1) : "";
        }

        void kill() {
            process.destroyForcibly();
        }
    }

    private Sipp() {
    }

    /**
     * @param transport "u1" (UDP) or "t1" (TCP)
     * @param csvLines  injection file lines after the SEQUENTIAL header
     */
    static Result run(String scenario, int gatewayPort, String transport, String localIp, List<String> csvLines,
            String... extra) throws IOException, InterruptedException {
        return start(scenario, "127.0.0.1:" + gatewayPort, transport, localIp, TestGateway.freeUdpAndTcpPort(),
                csvLines, extra).await();
    }

    /**
     * Starts SIPp in the background. A UAS scenario (one that starts with recv) takes a null
     * {@code remote}; it answers whoever sends to {@code localIp:localPort}.
     */
    static Running start(String scenario, String remote, String transport, String localIp, int localPort,
            List<String> csvLines, String... extra) throws IOException {
        return start(true, scenario, remote, transport, localIp, localPort, csvLines, extra);
    }

    /**
     * A load generator (a flood): no message trace and no error file, which would take a line
     * per message; its final screen (message counts) is in the output.
     */
    static Running startLoad(String scenario, String remote, String localIp, int localPort, String... extra)
            throws IOException {
        return start(false, scenario, remote, "u1", localIp, localPort, null, extra);
    }

    private static Running start(boolean trace, String scenario, String remote, String transport, String localIp,
            int localPort, List<String> csvLines, String... extra) throws IOException {
        Path work = TempDirs.create("sipp");
        Path errors = work.resolve("errors.log");
        List<String> cmd = new ArrayList<>(List.of("sipp"));
        if (remote != null) {
            cmd.add(remote);
        }
        cmd.addAll(List.of("-sf", SCENARIOS.resolve(scenario).toString(),
                "-t", transport, "-i", localIp, "-p", Integer.toString(localPort),
                "-m", "1", "-nostdin", "-timeout", "30s", "-timeout_error"));
        if (trace) {
            cmd.addAll(List.of("-trace_err", "-error_file", errors.toString(),
                    "-trace_msg", "-message_file", work.resolve("messages.log").toString()));
        }
        if (csvLines != null) {
            Path csv = work.resolve("users.csv");
            List<String> lines = new ArrayList<>(List.of("SEQUENTIAL"));
            lines.addAll(csvLines);
            Files.write(csv, lines);
            cmd.addAll(List.of("-inf", csv.toString()));
        }
        cmd.addAll(List.of(extra));
        try {
            Process p = new ProcessBuilder(cmd).directory(work.toFile()).redirectErrorStream(true)
                    .redirectOutput(work.resolve("out.log").toFile()).start();
            return new Running(p, work, cmd);
        } catch (IOException e) {
            fail("SIPp is not installed (apt-get install sip-tester): " + e.getMessage());
            throw e;
        }
    }

    static String auth(String user, String password) {
        return "[authentication username=" + user + " password=" + password + "]";
    }
}
