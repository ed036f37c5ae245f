package org.opensbc.rules.acl;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.opensbc.rules.RuleError;
import org.opensbc.rules.RulesException;
import org.opensbc.rules.parse.Cidrs;
import org.opensbc.rules.yaml.Errors;
import org.opensbc.rules.yaml.YamlTree;

/** acl.yaml, read and checked as a whole (like routing.yaml): a policy, or every mistake with line and column. */
public final class AclFile {

    private static final Set<String> LISTENERS = Set.of("udp", "tcp", "tls", "ws", "wss");

    private AclFile() {
    }

    /** @param trunks the trunk names routing knows (per-trunk entries must name one) */
    public static AclPolicy load(Path file, Set<String> trunks) throws RulesException {
        try {
            return parse(Files.readString(file, StandardCharsets.UTF_8), file.toString(), trunks);
        } catch (IOException e) {
            throw new RulesException(List.of(new RuleError(file.toString(), 0, 0, "cannot read: " + e.getMessage())));
        }
    }

    public static AclPolicy parse(String text, String fileName, Set<String> trunks) throws RulesException {
        Errors errors = new Errors(fileName);
        YamlTree root = YamlTree.parse(text, errors);
        root.entries(Set.of("listeners", "trunks", "methods", "rateLimit", "userAgentBlocklist"));
        AclPolicy defaults = AclPolicy.defaults();
        Map<String, AclPolicy.Networks> listeners = new LinkedHashMap<>();
        for (Map.Entry<String, YamlTree> e : root.get("listeners").entries().entrySet()) {
            String name = e.getKey().toLowerCase(Locale.ROOT);
            if (!LISTENERS.contains(name)) {
                e.getValue().keyError("not a listener (udp, tcp, tls, ws, wss)");
            }
            listeners.put(name, networks(e.getValue()));
        }
        Map<String, AclPolicy.Networks> byTrunk = new LinkedHashMap<>();
        for (Map.Entry<String, YamlTree> e : root.get("trunks").entries().entrySet()) {
            if (!trunks.contains(e.getKey())) {
                e.getValue().keyError("unknown trunk '" + e.getKey() + "'");
            }
            byTrunk.put(e.getKey(), networks(e.getValue()));
        }
        YamlTree methods = root.get("methods");
        methods.entries(Set.of("trunk", "other"));
        Set<String> trunkMethods = methods(methods.get("trunk"), defaults.trunkMethods());
        Set<String> otherMethods = methods(methods.get("other"), defaults.otherMethods());
        YamlTree rate = root.get("rateLimit");
        rate.entries(Set.of("requestsPerSecond", "burst", "banSeconds"));
        int perSecond = rate.get("requestsPerSecond").integer(defaults.rateLimit().requestsPerSecond(), 0, 1_000_000);
        int burst = rate.get("burst").integer(Math.max(perSecond * 2, 1), 1, 10_000_000);
        if (perSecond > 0 && burst < perSecond) {
            rate.get("burst").error("must be at least requestsPerSecond (" + perSecond + ")");
        }
        AclPolicy.RateLimit limit = new AclPolicy.RateLimit(perSecond, burst,
                rate.get("banSeconds").integer(defaults.rateLimit().banSeconds(), 1, 86_400));
        List<String> agents = root.get("userAgentBlocklist").isMissing() ? defaults.blockedAgents()
                : root.get("userAgentBlocklist").texts().stream().map(a -> a.toLowerCase(Locale.ROOT)).toList();
        if (!errors.isEmpty()) {
            throw new RulesException(errors.list());
        }
        return new AclPolicy(listeners, byTrunk, trunkMethods, otherMethods, limit, agents);
    }

    private static AclPolicy.Networks networks(YamlTree node) {
        node.entries(Set.of("allow", "deny"));
        return new AclPolicy.Networks(Cidrs.read(node.get("allow")), Cidrs.read(node.get("deny")));
    }

    private static Set<String> methods(YamlTree node, Set<String> defaults) {
        if (node.isMissing()) {
            return defaults;
        }
        Set<String> out = new LinkedHashSet<>();
        for (YamlTree item : node.items()) {
            String method = item.text("").toUpperCase(Locale.ROOT);
            if (!AclPolicy.ALL_METHODS.contains(method)) {
                item.error("unknown method '" + method + "'");
            }
            out.add(method);
        }
        out.add("ACK"); // an ACK for a failure has no To tag of ours: never refused
        out.add("CANCEL");
        return out;
    }
}
