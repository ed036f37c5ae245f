package org.opensbc.core;

import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import sun.misc.Signal;

/**
 * SIGTERM and SIGINT start a graceful stop (drain, then close) on a thread of its own, and the
 * process then exits 0, as a service manager expects of a clean stop. A JVM that only had a
 * shutdown hook would exit 143 and could not wait for calls to end. A second signal hurries the
 * drain: the calls left are ended at once.
 */
final class GracefulStop {

    private static final Logger LOG = LoggerFactory.getLogger(GracefulStop.class);
    private static final AtomicInteger SIGNALS = new AtomicInteger();

    private GracefulStop() {
    }

    static void onSignals(Runnable stop) {
        for (String name : new String[] {"TERM", "INT"}) {
            Signal.handle(new Signal(name), signal -> {
                if (SIGNALS.getAndIncrement() == 0) {
                    LOG.info("SIG{}: stopping gracefully (a second signal ends the calls at once)", name);
                    Thread t = new Thread(stop, "graceful-stop");
                    t.start();
                } else {
                    LOG.info("SIG{} again: ending the calls left now", name);
                }
            });
        }
    }

    static boolean hurried() {
        return SIGNALS.get() > 1;
    }
}
