package org.opensbc.core.routing;

import java.util.List;
import org.opensbc.core.auth.UserDirectory;
import org.opensbc.core.config.ConfigException;
import org.opensbc.core.config.GatewayConfig;
import org.opensbc.core.metrics.GatewayMetrics;
import org.opensbc.core.registrar.LocalDomains;
import org.opensbc.core.trunk.Trunk;
import org.opensbc.rules.Environment;
import org.opensbc.rules.RulesException;
import org.opensbc.rules.model.TrunkSpec;

/** Puts routing together at start: the rules file, sbc.yaml's default trunk, what rules may ask, the metrics. */
public final class Routing {

    /** The name sbc.yaml's trunk has in rules, CDRs and metrics. */
    public static final String DEFAULT_TRUNK = "default";

    private Routing() {
    }

    /** @throws ConfigException every mistake of routing.yaml, with file, line and column */
    public static RoutingTable start(GatewayConfig config, LocalDomains domains, UserDirectory users,
            GatewayMetrics metrics, org.opensbc.core.trunk.ClusterCallCount cluster) throws ConfigException {
        Environment environment = environment(domains, user -> users.ha1(user) != null);
        RoutingTable table;
        try {
            table = new RoutingTable(config.configDir().resolve("routing.yaml"), defaultTrunkSpec(config.trunk()),
                    environment, config.sip().tls().enabled(), cluster);
        } catch (RulesException e) {
            throw new ConfigException("routing rules:\n" + e.getMessage());
        }
        warnIfUnused(table);
        PolicyFile<RoutingTable.Snapshot> file = table.file();
        metrics.gauge("sbc.rules.version", "version of the routing rules in force (1 at start, +1 per reload)",
                file::version);
        metrics.gauge("sbc.rules.count", "routing rules in force", () -> table.current().rules().rules().size());
        metrics.counterFunction("sbc.rules.reloads", "routing rule reloads put in force", file, PolicyFile::reloads);
        metrics.counterFunction("sbc.rules.reload.failures",
                "routing rule reloads refused (the file had mistakes; the old rules stayed)", file, PolicyFile::failures);
        for (Trunk trunk : table.current().trunks().all()) {
            String name = trunk.name();
            metrics.trunkGauge("sbc.trunk.calls", "calls through the trunk now", name, () -> callsOf(table, name));
            metrics.trunkGauge("sbc.trunk.up", "1 when the trunk is up (OPTIONS answered), 0 when down", name,
                    () -> upOf(table, name));
        }
        return table;
    }

    /** What rules may ask of this gateway: its domains, and whether a name is one of its users. */
    public static Environment environment(LocalDomains domains, java.util.function.Predicate<String> knownUser) {
        return new Environment() {
            @Override
            public boolean isLocalDomain(String domain) {
                return domains.contains(domain);
            }

            @Override
            public boolean isKnownUser(String user) {
                return knownUser.test(user);
            }
        };
    }

    /** sbc.yaml's trunk with a routing.yaml that never routes to it is almost certainly a mistake. */
    private static void warnIfUnused(RoutingTable table) {
        if (table.current().trunks().get(DEFAULT_TRUNK) == null) {
            return;
        }
        boolean used = table.current().rules().rules().stream().anyMatch(r -> r.target()
                instanceof org.opensbc.rules.model.Target.Trunk t && t.name().equals(DEFAULT_TRUNK))
                || table.current().rules().groups().values().stream().anyMatch(g -> g.members().stream()
                        .anyMatch(m -> m.trunk().equals(DEFAULT_TRUNK)));
        if (!used) {
            org.slf4j.LoggerFactory.getLogger(Routing.class).warn("sbc.yaml's trunk (named '{}') is not used by any rule"
                    + " of {}: no call goes to it", DEFAULT_TRUNK, table.current().rules().source());
        }
    }

    private static int callsOf(RoutingTable table, String name) {
        Trunk t = table.current().trunks().get(name);
        return t == null ? 0 : t.activeCalls();
    }

    private static int upOf(RoutingTable table, String name) {
        Trunk t = table.current().trunks().get(name);
        return t != null && t.isUp() ? 1 : 0;
    }

    /** sbc.yaml's {@code trunk:} as a trunk named "default", or null when it is off. */
    public static TrunkSpec defaultTrunkSpec(GatewayConfig.Trunk trunk) {
        if (!trunk.enabled()) {
            return null;
        }
        return new TrunkSpec(DEFAULT_TRUNK, trunk.host(), trunk.port(),
                trunk.transport().toLowerCase(java.util.Locale.ROOT), trunk.tcp(), List.of(), null, 0, null, trunk.tls());
    }
}
