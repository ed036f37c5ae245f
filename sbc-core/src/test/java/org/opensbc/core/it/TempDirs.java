package org.opensbc.core.it;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;

/**
 * Temporary directories for the integration tests (gateway configs, SIPp traces), removed when
 * the test JVM exits: a run of the suite used to leave a thousand of them in /tmp. With
 * {@code -Dit.keepTemp=true} they stay, for reading SIPp's message traces after a failure.
 */
final class TempDirs {

    private static final List<Path> CREATED = new CopyOnWriteArrayList<>();

    static {
        if (!Boolean.getBoolean("it.keepTemp")) {
            Runtime.getRuntime().addShutdownHook(new Thread(() -> CREATED.forEach(TempDirs::deleteQuietly),
                    "it-temp-cleanup"));
        }
    }

    private TempDirs() {
    }

    static Path create(String prefix) throws IOException {
        Path dir = Files.createTempDirectory(prefix);
        CREATED.add(dir);
        return dir;
    }

    private static void deleteQuietly(Path dir) {
        try (Stream<Path> tree = Files.walk(dir)) {
            tree.sorted(Comparator.reverseOrder()).forEach(path -> {
                try {
                    Files.deleteIfExists(path);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        } catch (IOException | UncheckedIOException e) {
            // a process still writing there, or already gone: /tmp is cleaned by the system anyway
        }
    }
}
