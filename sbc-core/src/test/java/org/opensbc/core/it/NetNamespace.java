package org.opensbc.core.it;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * A network namespace of the test's own (iproute2, needs root): a host with only a loopback
 * interface, or with one more address. Commands run inside it through {@link #wrap}. Deleted on close.
 */
final class NetNamespace implements AutoCloseable {

    final String name;

    private NetNamespace(String name) {
        this.name = name;
    }

    /** A namespace whose only interface is loopback (up), like a container without a network. */
    static NetNamespace loopbackOnly(String name) throws IOException, InterruptedException {
        run(List.of("ip", "netns", "del", name), true); // a leftover of an interrupted run
        String error = run(List.of("ip", "netns", "add", name), true);
        Assumptions.assumeTrue(error == null, "cannot create a network namespace here (root and iproute2 needed): " + error);
        NetNamespace ns = new NetNamespace(name);
        ns.exec("ip", "link", "set", "lo", "up");
        return ns;
    }

    /** {@code command} as run inside the namespace. */
    List<String> wrap(List<String> command) {
        List<String> wrapped = new ArrayList<>(List.of("ip", "netns", "exec", name));
        wrapped.addAll(command);
        return wrapped;
    }

    void exec(String... command) throws IOException, InterruptedException {
        String error = run(wrap(List.of(command)), false);
        if (error != null) {
            throw new IOException(String.join(" ", command) + " in " + name + ": " + error);
        }
    }

    /** Runs a short command; null on success, else what it printed (or threw, when {@code quiet}). */
    private static String run(List<String> command, boolean quiet) throws IOException, InterruptedException {
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(10, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return "timed out";
            }
            return p.exitValue() == 0 ? null : out.trim();
        } catch (IOException e) {
            if (quiet) {
                return e.getMessage();
            }
            throw e;
        }
    }

    @Override
    public void close() throws IOException, InterruptedException {
        run(List.of("ip", "netns", "del", name), true);
    }
}
