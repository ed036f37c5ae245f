package org.opensbc.core;

import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;
import org.opensbc.core.config.ConfigException;
import org.opensbc.core.config.ConfigLoader;
import org.opensbc.core.config.GatewayConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code java -jar sbc.jar [--config DIR]}: loads DIR/sbc.yaml (default conf/), starts the gateway
 * and runs until SIGTERM/SIGINT, which stops it cleanly. Exit code 2 for a bad configuration,
 * 1 when a listener cannot start. Operator tools: {@code rules check DIR} and {@code route ...}
 * (see {@link org.opensbc.core.cli.RulesCheck}, {@link org.opensbc.core.cli.RouteDryRun}).
 */
public final class Main {

    private static final Logger LOG = LoggerFactory.getLogger(Main.class);

    private Main() {
    }

    public static void main(String[] args) throws InterruptedException {
        if (args.length >= 2 && args[0].equals("rules") && args[1].equals("check")) {
            Runtime.getRuntime().exit(org.opensbc.core.cli.RulesCheck.run(Path.of(args.length > 2 ? args[2] : "conf")));
        }
        if (args.length >= 1 && args[0].equals("route")) {
            Runtime.getRuntime().exit(org.opensbc.core.cli.RouteDryRun.run(args));
        }
        Path configDir = Path.of("conf");
        for (int i = 0; i < args.length; i++) {
            if ("--config".equals(args[i]) && i + 1 < args.length) {
                configDir = Path.of(args[++i]);
            } else {
                LOG.error("usage: java -jar sbc.jar [--config DIR] | rules check DIR | route --from ... --to ... "
                        + "--source-ip ...   (unknown argument '{}')", args[i]);
                Runtime.getRuntime().halt(2);
            }
        }
        GatewayConfig config;
        try {
            config = ConfigLoader.load(configDir);
        } catch (ConfigException e) {
            LOG.error("configuration error: {}", e.getMessage());
            Runtime.getRuntime().halt(2);
            return;
        }
        Gateway gateway = new Gateway(config);
        CountDownLatch stopped = new CountDownLatch(1);
        // any other way out (System.exit, the last thread) still closes it
        Runtime.getRuntime().addShutdownHook(new Thread(gateway::close, "shutdown-hook"));
        GracefulStop.onSignals(() -> {
            try {
                gateway.drainAndClose(GracefulStop::hurried);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            stopped.countDown();
        });
        try {
            gateway.start();
        } catch (ConfigException e) {
            LOG.error("configuration error: {}", e.getMessage());
            gateway.close();
            Runtime.getRuntime().halt(2);
        } catch (IOException e) {
            LOG.error("cannot start: {}", e.getMessage());
            gateway.close();
            Runtime.getRuntime().halt(1);
        }
        stopped.await();
        LOG.info("stopped cleanly");
        Runtime.getRuntime().exit(0);
    }
}
