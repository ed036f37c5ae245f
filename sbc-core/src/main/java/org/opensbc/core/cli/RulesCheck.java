package org.opensbc.core.cli;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.opensbc.core.config.ConfigException;
import org.opensbc.core.config.ConfigLoader;
import org.opensbc.core.config.GatewayConfig;
import org.opensbc.core.routing.RoutingTable;
import org.opensbc.core.routing.Routing;
import org.opensbc.rules.Environment;
import org.opensbc.rules.RulesException;
import org.opensbc.rules.acl.AclFile;
import org.opensbc.rules.acl.AclPolicy;

/**
 * {@code java -jar sbc.jar rules check DIR}: reads DIR's sbc.yaml, routing.yaml and acl.yaml as
 * the gateway would (trunk hosts resolved too) and prints every mistake as file:line:col, or a
 * summary. Exit code 0 when the gateway would accept them, 1 when not. Changes nothing.
 */
public final class RulesCheck {

    private RulesCheck() {
    }

    public static int run(Path dir) {
        PrintWriter out = Console.out();
        GatewayConfig config;
        try {
            config = ConfigLoader.load(dir);
        } catch (ConfigException e) {
            out.println(e.getMessage());
            return 1;
        }
        int problems = 0;
        RoutingTable routing = null;
        try {
            routing = new RoutingTable(dir.resolve("routing.yaml"), Routing.defaultTrunkSpec(config.trunk()),
                    Environment.NONE, config.sip().tls().enabled());
            RoutingTable.Snapshot s = routing.current();
            out.printf("%s: OK, %d rules, %d trunks, %d trunk groups%n", s.rules().source(), s.rules().rules().size(),
                    s.trunks().all().size(), s.rules().groups().size());
        } catch (RulesException e) {
            e.errors().forEach(out::println);
            problems += e.errors().size();
        }
        Path acl = dir.resolve("acl.yaml");
        if (Files.exists(acl)) {
            try {
                AclPolicy policy = AclFile.load(acl, routing == null ? java.util.Set.of() : routing.trunkNames());
                out.printf("%s: OK, rate limit %d/s per source (burst %d), %d listener and %d trunk networks%n", acl,
                        policy.rateLimit().requestsPerSecond(), policy.rateLimit().burst(), policy.listeners().size(),
                        policy.trunks().size());
            } catch (RulesException e) {
                e.errors().forEach(out::println);
                problems += e.errors().size();
            }
        } else {
            out.println(acl + ": absent, the built-in access policy applies");
        }
        if (problems > 0) {
            out.printf("%d mistake%s: the gateway would refuse %s%n", problems, problems == 1 ? "" : "s",
                    "these files (a running gateway keeps its current rules)");
        }
        return problems == 0 ? 0 : 1;
    }

}
