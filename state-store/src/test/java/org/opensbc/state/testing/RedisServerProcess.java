package org.opensbc.state.testing;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A real {@code redis-server} (the Debian package) for one test class: loopback only, a free port,
 * no snapshots unless asked, its files in a temp directory. {@link #stop()} and {@link #start()}
 * again on the same port simulate an outage; {@link #stopKeepingData()} saves first, so the data
 * is back after the restart (as with a persistent production Redis).
 */
public final class RedisServerProcess implements AutoCloseable {

    private final Path dir;
    private final int port;
    private final List<String> command;
    private Process process;

    private RedisServerProcess(Path dir, int port, List<String> command) {
        this.dir = dir;
        this.port = port;
        this.command = command;
    }

    public static RedisServerProcess start(Path dir) throws IOException, InterruptedException {
        return start(dir, List.of());
    }

    /** With more options, e.g. a TLS port beside the plain one (which this helper's own commands use). */
    public static RedisServerProcess start(Path dir, List<String> options) throws IOException, InterruptedException {
        int port = freePort();
        List<String> command = new ArrayList<>(List.of("redis-server", "--port", Integer.toString(port),
                "--bind", "127.0.0.1", "--save", "", "--appendonly", "no", "--dir", dir.toString(), "--daemonize", "no",
                "--logfile", dir.resolve("redis.log").toString()));
        command.addAll(options);
        RedisServerProcess r = new RedisServerProcess(dir, port, command);
        r.start();
        return r;
    }

    /** A Sentinel (the same binary in sentinel mode) watching the master on {@code masterPort} as "mymaster". */
    public static RedisServerProcess sentinel(Path dir, int masterPort) throws IOException, InterruptedException {
        int port = freePort();
        Path conf = dir.resolve("sentinel.conf");
        Files.writeString(conf, "port " + port + "\nbind 127.0.0.1\ndir " + dir + "\nlogfile " + dir.resolve("sentinel.log")
                + "\nsentinel monitor mymaster 127.0.0.1 " + masterPort + " 1\n");
        RedisServerProcess r = new RedisServerProcess(dir, port, List.of("redis-server", conf.toString(), "--sentinel"));
        r.start();
        return r;
    }

    public static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    public int port() {
        return port;
    }

    public String url() {
        return "redis://127.0.0.1:" + port;
    }

    public void start() throws IOException, InterruptedException {
        process = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(dir.resolve("redis.out").toFile()).start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (true) {
            try {
                if ("PONG".equals(command("PING"))) {
                    return;
                }
            } catch (IOException notYet) {
                if (!process.isAlive() || System.nanoTime() > deadline) {
                    throw new IOException("redis-server did not start on port " + port + " (see " + dir + ")", notYet);
                }
            }
            Thread.sleep(20);
        }
    }

    public void stopKeepingData() throws IOException, InterruptedException {
        command("SAVE");
        stop();
    }

    public void stop() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
    }

    /** Sends one command and returns its reply as text (an integer, a status, a bulk string, or null). */
    public String command(Object... args) throws IOException {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 1_000);
            s.setSoTimeout(5_000);
            OutputStream out = s.getOutputStream();
            out.write(("*" + args.length + "\r\n").getBytes(StandardCharsets.US_ASCII));
            for (Object a : args) {
                byte[] b = a instanceof byte[] bytes ? bytes : a.toString().getBytes(StandardCharsets.UTF_8);
                out.write(("$" + b.length + "\r\n").getBytes(StandardCharsets.US_ASCII));
                out.write(b);
                out.write("\r\n".getBytes(StandardCharsets.US_ASCII));
            }
            out.flush();
            return reply(new BufferedInputStream(s.getInputStream()));
        }
    }

    private static String reply(InputStream in) throws IOException {
        String line = line(in);
        switch (line.charAt(0)) {
            case '+', ':':
                return line.substring(1);
            case '-':
                throw new IOException("redis error: " + line.substring(1));
            case '$':
                int n = Integer.parseInt(line.substring(1));
                if (n < 0) {
                    return null;
                }
                byte[] b = in.readNBytes(n + 2);
                return new String(b, 0, n, StandardCharsets.UTF_8);
            default:
                throw new IOException("reply not understood: " + line);
        }
    }

    private static String line(InputStream in) throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        int c;
        while ((c = in.read()) != '\n') {
            if (c < 0) {
                throw new IOException("connection closed");
            }
            if (c != '\r') {
                b.write(c);
            }
        }
        return b.toString(StandardCharsets.UTF_8);
    }

    @Override
    public void close() {
        if (process != null && process.isAlive()) {
            try {
                stop();
            } catch (InterruptedException e) {
                process.destroyForcibly();
                Thread.currentThread().interrupt();
            }
        }
    }
}
