package org.opensbc.rules.parse;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.opensbc.rules.match.Cidr;
import org.opensbc.rules.model.TrunkGroup;
import org.opensbc.rules.model.TrunkSpec;
import org.opensbc.rules.yaml.YamlTree;

/** The {@code trunks:} and {@code trunkGroups:} sections of routing.yaml. */
final class TrunkParser {

    private static final Set<String> TRUNK_KEYS = Set.of("name", "host", "port", "transport", "tcp", "sources", "digest",
            "maxCalls", "healthCheck", "tls");
    private static final Set<String> TRANSPORTS = Set.of("udp", "tcp", "tls");

    private TrunkParser() {
    }

    /** @param baseDir where relative file names (a CA file) are looked up: routing.yaml's directory */
    static Map<String, TrunkSpec> trunks(YamlTree section, Names names, java.nio.file.Path baseDir) {
        Map<String, TrunkSpec> out = new LinkedHashMap<>();
        for (YamlTree item : section.items()) {
            Map<String, YamlTree> e = item.entries(TRUNK_KEYS);
            String name = names.define(required(item, "name"));
            String host = required(item, "host").text("");
            int port = item.get("port").integer(5060, 1, 65535);
            String transport = item.get("transport").text("udp").toLowerCase(Locale.ROOT);
            if (!TRANSPORTS.contains(transport)) {
                item.get("transport").error("must be udp, tcp or tls, got '" + transport + "'");
            }
            List<Cidr> sources = Cidrs.read(item.get("sources"));
            TrunkSpec.Digest digest = e.containsKey("digest") ? digest(item.get("digest")) : null;
            int maxCalls = item.get("maxCalls").integer(0, 0, 1_000_000);
            TrunkSpec.Health health = health(item.get("healthCheck"));
            TrunkSpec.Tls tls = null;
            if (e.containsKey("tls")) {
                if (!transport.equals("tls")) {
                    item.get("tls").error("applies to transport: tls only (this trunk is " + transport + ")");
                } else {
                    tls = TrunkTls.read(item.get("tls"), baseDir);
                }
            }
            if (name != null && !host.isBlank()) {
                out.put(name, new TrunkSpec(name, host, port, transport, item.get("tcp").bool(false), sources, digest,
                        maxCalls, health, tls));
            }
        }
        return out;
    }

    private static TrunkSpec.Digest digest(YamlTree node) {
        node.entries(Set.of("username", "password", "realm", "register", "expiresSeconds"));
        String username = required(node, "username").text("");
        String password = required(node, "password").text("");
        return new TrunkSpec.Digest(username, password, node.get("realm").text(""), node.get("register").bool(false),
                node.get("expiresSeconds").integer(600, 60, 86_400));
    }

    /** Absent or {@code false}: no checks; a mapping: OPTIONS with hysteresis. */
    private static TrunkSpec.Health health(YamlTree node) {
        if (node.isMissing() || (node.isScalar() && !node.bool(false))) {
            return null;
        }
        if (node.isScalar()) {
            return new TrunkSpec.Health(30, 3, 2);
        }
        node.entries(Set.of("intervalSeconds", "downAfter", "upAfter"));
        return new TrunkSpec.Health(node.get("intervalSeconds").integer(30, 1, 3600),
                node.get("downAfter").integer(3, 1, 100), node.get("upAfter").integer(2, 1, 100));
    }

    static Map<String, TrunkGroup> groups(YamlTree section, Names names, Names trunkNames, Set<String> external) {
        Map<String, TrunkGroup> out = new LinkedHashMap<>();
        for (YamlTree item : section.items()) {
            item.entries(Set.of("name", "strategy", "trunks"));
            String name = names.define(required(item, "name"));
            if (name != null && trunkNames.contains(name)) {
                item.get("name").error("'" + name + "' is already a trunk's name");
            }
            String strategy = item.get("strategy").text("failover").toLowerCase(Locale.ROOT);
            if (!strategy.equals("failover") && !strategy.equals("weighted")) {
                item.get("strategy").error("must be failover or weighted, got '" + strategy + "'");
            }
            List<TrunkGroup.Member> members = new ArrayList<>();
            for (YamlTree member : required(item, "trunks").items()) {
                YamlTree trunkNode = member.isMapping() ? member.get("trunk") : member;
                if (member.isMapping()) {
                    member.entries(Set.of("trunk", "weight"));
                }
                String trunk = trunkNode.text("");
                int weight = member.isMapping() ? member.get("weight").integer(1, 0, 1_000_000) : 1;
                if (!trunkNames.contains(trunk) && !external.contains(trunk)) {
                    trunkNode.error("unknown trunk '" + trunk + "'");
                } else {
                    members.add(new TrunkGroup.Member(trunk, weight));
                }
            }
            if (name != null && !members.isEmpty()) {
                out.put(name, new TrunkGroup(name, strategy.equals("weighted") ? TrunkGroup.Strategy.WEIGHTED
                        : TrunkGroup.Strategy.FAILOVER, members));
            }
        }
        return out;
    }

    /** The child, reported when missing. */
    static YamlTree required(YamlTree parent, String key) {
        YamlTree child = parent.get(key);
        if (child.isMissing()) {
            parent.error("'" + key + "' is required");
        }
        return child;
    }
}
