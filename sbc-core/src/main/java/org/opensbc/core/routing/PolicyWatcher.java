package org.opensbc.core.routing;

import java.io.IOException;
import java.nio.file.ClosedWatchServiceException;
import java.nio.file.FileSystems;
import java.nio.file.Path;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchEvent;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reloads policy files when an operator saves them: watches their directory, waits for the
 * writes to settle (editors save in several steps, or write a temporary file and rename it),
 * then reloads each changed file once. A file saved with mistakes is refused by its
 * {@link PolicyFile}; the policy in force stays.
 */
public final class PolicyWatcher implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(PolicyWatcher.class);
    private static final long SETTLE_MILLIS = 300;

    private final WatchService watcher;
    private final List<PolicyFile<?>> files;
    private final Thread thread;

    public PolicyWatcher(Path directory, List<PolicyFile<?>> files) throws IOException {
        this.files = files;
        this.watcher = FileSystems.getDefault().newWatchService();
        directory.register(watcher, StandardWatchEventKinds.ENTRY_CREATE, StandardWatchEventKinds.ENTRY_MODIFY,
                StandardWatchEventKinds.ENTRY_DELETE);
        thread = new Thread(this::run, "policy-watcher");
        thread.setDaemon(true);
        thread.start();
    }

    private void run() {
        try {
            while (true) {
                Set<Path> changed = new HashSet<>();
                collect(watcher.take(), changed);
                // let the editor finish: more events within the settling time join this reload
                for (WatchKey more; (more = watcher.poll(SETTLE_MILLIS, TimeUnit.MILLISECONDS)) != null; ) {
                    collect(more, changed);
                }
                for (PolicyFile<?> file : files) {
                    if (changed.contains(file.file().getFileName())) {
                        file.reload();
                    }
                }
            }
        } catch (InterruptedException | ClosedWatchServiceException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            LOG.error("policy watcher stopped: {}", e.toString());
        }
    }

    private static void collect(WatchKey key, Set<Path> changed) {
        for (WatchEvent<?> event : key.pollEvents()) {
            if (event.context() instanceof Path name) {
                changed.add(name);
            }
        }
        key.reset();
    }

    @Override
    public void close() {
        try {
            watcher.close();
        } catch (IOException e) {
            LOG.debug("watcher close: {}", e.toString());
        }
        thread.interrupt();
    }
}
