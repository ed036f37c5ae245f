package org.opensbc.core.acl;

import org.opensbc.core.config.ConfigException;
import org.opensbc.core.config.GatewayConfig;
import org.opensbc.core.metrics.GatewayMetrics;
import org.opensbc.core.routing.PolicyFile;
import org.opensbc.core.routing.RoutingTable;
import org.opensbc.rules.RulesException;
import org.opensbc.rules.acl.AclFile;
import org.opensbc.rules.acl.AclPolicy;

/** Puts the ACL together at start: acl.yaml (or the built-in policy) and its metrics. */
public final class Acl {

    private Acl() {
    }

    /** @throws ConfigException every mistake of acl.yaml, with file, line and column */
    public static PolicyFile<AclPolicy> start(GatewayConfig config, RoutingTable routing, GatewayMetrics metrics)
            throws ConfigException {
        PolicyFile<AclPolicy> file;
        try {
            file = new PolicyFile<>(config.configDir().resolve("acl.yaml"),
                    (text, name, previous) -> AclFile.parse(text, name, routing.trunkNames()), AclPolicy::defaults);
        } catch (RulesException e) {
            throw new ConfigException("access control:\n" + e.getMessage());
        }
        metrics.gauge("sbc.acl.version", "version of the ACL in force (1 at start, +1 per reload)", file::version);
        metrics.counterFunction("sbc.acl.reloads", "ACL reloads put in force", file, PolicyFile::reloads);
        metrics.counterFunction("sbc.acl.reload.failures", "ACL reloads refused (the old ACL stayed)", file,
                PolicyFile::failures);
        return file;
    }
}
