package org.opensbc.core.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.opensbc.core.config.ConfigException;
import org.opensbc.core.config.ConfigLoader;
import org.opensbc.core.config.GatewayConfig;
import org.opensbc.core.registrar.LocalDomains;
import org.opensbc.core.routing.Routing;
import org.opensbc.core.routing.RoutingTable;
import org.opensbc.core.trunk.Trunk;
import org.opensbc.rules.Environment;
import org.opensbc.rules.Evaluation;
import org.opensbc.rules.RequestFacts;
import org.opensbc.rules.RulesException;

/**
 * {@code java -jar sbc.jar route --from alice@sbc.example.com --to +4420...@sbc.example.com
 * --source-ip 198.51.100.7 (parties as user@domain, sip:/sips:/tel: URIs or numbers, see
 * {@link PartyAddress}) [--transport udp] [--method INVITE] [--header Name=value]
 * [--config DIR]}: what the rules in DIR would do with such a request, and the trace of the
 * rules looked at. Sends nothing. Exit code 0 when routed, 3 when rejected, 1 on bad input.
 */
public final class RouteDryRun {

    private RouteDryRun() {
    }

    public static int run(String[] args) {
        PrintWriter out = Console.out();
        Map<String, String> options = new HashMap<>();
        PartyAddress from;
        PartyAddress to;
        try {
            for (int i = 1; i < args.length; i += 2) {
                if (!args[i].startsWith("--") || i + 1 >= args.length) {
                    throw new IllegalArgumentException("expected --option value, got '" + args[i] + "'");
                }
                String key = args[i].substring(2);
                options.merge(key, args[i + 1], (a, b) -> a + "\n" + b);
            }
            for (String required : new String[] {"from", "to", "source-ip"}) {
                if (!options.containsKey(required)) {
                    throw new IllegalArgumentException("--" + required + " is required");
                }
            }
            from = PartyAddress.parse(options.get("from"));
            to = PartyAddress.parse(options.get("to"));
        } catch (IllegalArgumentException e) {
            out.println("route: " + e.getMessage());
            out.println("usage: route --from PARTY --to PARTY --source-ip IP [--transport udp|tcp|tls|ws|wss]"
                    + " [--method INVITE] [--header Name=value] [--config DIR]");
            return 1;
        }
        Path dir = Path.of(options.getOrDefault("config", "conf"));
        try {
            GatewayConfig config = ConfigLoader.load(dir);
            LocalDomains domains = LocalDomains.of(config.sip().domains(), config.sip().advertisedAddress());
            // a number or tel: URI has no domain: the gateway's own, as a phone dialling it would use
            String home = config.sip().domains().isEmpty() ? "localhost" : config.sip().domains().get(0);
            String toDomain = to.domain() == null ? home : to.domain();
            String fromDomain = from.domain() == null ? home : from.domain();
            RequestFacts.Builder facts = RequestFacts.builder(options.getOrDefault("method", "INVITE"))
                    .source(options.get("source-ip"), options.getOrDefault("transport", "udp"))
                    .authenticated(true).request(to.user(), toDomain).to(to.user(), toDomain).from(from.user(), fromDomain);
            for (String header : options.getOrDefault("header", "").split("\n")) {
                int eq = header.indexOf('=');
                if (eq > 0) {
                    facts.header(header.substring(0, eq), header.substring(eq + 1));
                }
            }
            java.util.Set<String> users = new java.util.HashSet<>();
            config.users().forEach(u -> users.add(u.username()));
            Environment env = Routing.environment(domains, users::contains);
            RoutingTable routing = new RoutingTable(dir.resolve("routing.yaml"), Routing.defaultTrunkSpec(config.trunk()),
                    env, config.sip().tls().enabled());
            String ip = options.get("source-ip");
            Trunk trunk = routing.current().trunks().identify(ip);
            facts.trunk(trunk == null ? "" : trunk.name());
            out.println("rules: " + routing.current().rules().source());
            out.println("source: " + ip + (trunk != null ? " is trunk " + trunk.name()
                    : " is not a trunk (the caller must authenticate first, as the request is treated here)"));
            Evaluation e = routing.current().rules().evaluate(facts.build(), env);
            out.println(e.describe());
            return e.decision() instanceof org.opensbc.rules.RouteDecision.Reject ? 3 : 0;
        } catch (ConfigException e) {
            out.println(e.getMessage());
            return 1;
        } catch (RulesException e) {
            e.errors().forEach(out::println);
            return 1;
        }
    }
}
