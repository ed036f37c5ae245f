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

    private Sipp() {
    }

    /**
     * @param transport "u1" (UDP) or "t1" (TCP)
     * @param csvLines  injection file lines after the SEQUENTIAL header
     */
    static Result run(String scenario, int gatewayPort, String transport, String localIp, List<String> csvLines,
            String... extra) throws IOException, InterruptedException {
        Path work = Files.createTempDirectory("sipp");
        Path csv = work.resolve("users.csv");
        List<String> lines = new ArrayList<>(List.of("SEQUENTIAL"));
        lines.addAll(csvLines);
        Files.write(csv, lines);
        Path errors = work.resolve("errors.log");
        List<String> cmd = new ArrayList<>(List.of("sipp", "127.0.0.1:" + gatewayPort,
                "-sf", SCENARIOS.resolve(scenario).toString(), "-inf", csv.toString(),
                "-t", transport, "-i", localIp, "-p", Integer.toString(TestGateway.freeUdpAndTcpPort()),
                "-m", "1", "-nostdin", "-timeout", "20s", "-timeout_error",
                "-trace_err", "-error_file", errors.toString()));
        cmd.addAll(List.of(extra));
        Process p;
        try {
            p = new ProcessBuilder(cmd).directory(work.toFile()).redirectErrorStream(true).start();
        } catch (IOException e) {
            fail("SIPp is not installed (apt-get install sip-tester): " + e.getMessage());
            throw e;
        }
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(30, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            fail("SIPp did not finish: " + cmd);
        }
        String errs = Files.exists(errors) ? Files.readString(errors) : "";
        return new Result(p.exitValue(), out + "\n" + errs);
    }

    static String auth(String user, String password) {
        return "[authentication username=" + user + " password=" + password + "]";
    }
}
