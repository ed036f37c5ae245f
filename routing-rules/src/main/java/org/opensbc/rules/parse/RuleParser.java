package org.opensbc.rules.parse;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import org.opensbc.rules.match.Condition;
import org.opensbc.rules.match.Field;
import org.opensbc.rules.match.TextMatch;
import org.opensbc.rules.model.HeaderEdits;
import org.opensbc.rules.model.Rewrite;
import org.opensbc.rules.model.Rule;
import org.opensbc.rules.model.Target;
import org.opensbc.rules.yaml.YamlTree;

/** The {@code rules:} section of routing.yaml: match, rewrite, headers, and route or reject. */
final class RuleParser {

    private static final Set<String> RULE_KEYS = Set.of("name", "match", "rewrite", "headers", "route", "reject");
    private static final Set<String> MATCH_KEYS = Set.of("method", "source", "requestUser", "requestDomain", "fromUser",
            "fromDomain", "toUser", "toDomain", "header");
    private static final Set<String> TRANSPORTS = Set.of("udp", "tcp", "tls", "ws", "wss");
    /** Headers that carry a leg's topology or transaction state: the gateway writes them, never a rule. */
    private static final Set<String> PROTECTED = Set.of("via", "v", "contact", "m", "record-route", "route", "call-id",
            "i", "cseq", "from", "f", "to", "t", "max-forwards", "content-length", "l", "content-type", "c");
    private static final Pattern HEADER_NAME = Pattern.compile("[A-Za-z0-9!%*_+`'~.-]+");

    private final Names ruleNames = new Names("rule");
    private final Names trunkNames;
    private final Set<String> externalTrunks;
    private final Names groupNames;

    RuleParser(Names trunkNames, Set<String> externalTrunks, Names groupNames) {
        this.trunkNames = trunkNames;
        this.externalTrunks = externalTrunks;
        this.groupNames = groupNames;
    }

    List<Rule> rules(YamlTree section) {
        List<Rule> out = new ArrayList<>();
        for (YamlTree item : section.items()) {
            Map<String, YamlTree> e = item.entries(RULE_KEYS);
            String name = ruleNames.define(TrunkParser.required(item, "name"));
            List<Condition> conditions = e.containsKey("match") ? match(item.get("match")) : List.of();
            Rewrite rewrite = e.containsKey("rewrite") ? rewrite(item.get("rewrite")) : Rewrite.NONE;
            HeaderEdits headers = e.containsKey("headers") ? headers(item.get("headers")) : HeaderEdits.NONE;
            Target target = target(item, e);
            if (name != null && target != null) {
                out.add(new Rule(name, item.line(), item.column(), conditions, rewrite, headers, target));
            }
        }
        return out;
    }

    private Target target(YamlTree rule, Map<String, YamlTree> e) {
        if (e.containsKey("route") == e.containsKey("reject")) {
            rule.error("a rule needs exactly one of 'route' and 'reject'");
            return null;
        }
        if (e.containsKey("reject")) {
            YamlTree reject = rule.get("reject");
            reject.entries(Set.of("code", "reason"));
            int code = TrunkParser.required(reject, "code").integer(403, 300, 699);
            return new Target.Reject(code, reject.get("reason").text(Reasons.of(code)));
        }
        YamlTree route = rule.get("route");
        Map<String, YamlTree> r = route.entries(Set.of("user", "trunk", "trunkGroup"));
        if (r.size() != 1) {
            route.error("route to exactly one of 'user: true', 'trunk: NAME', 'trunkGroup: NAME'");
            return null;
        }
        if (r.containsKey("user")) {
            if (!route.get("user").bool(true)) {
                route.get("user").error("'user' can only be true");
            }
            return new Target.User();
        }
        if (r.containsKey("trunk")) {
            String trunk = route.get("trunk").text("");
            if (!trunkNames.contains(trunk) && !externalTrunks.contains(trunk)) {
                route.get("trunk").error("unknown trunk '" + trunk + "'");
                return null;
            }
            return new Target.Trunk(trunk);
        }
        String group = route.get("trunkGroup").text("");
        if (!groupNames.contains(group)) {
            route.get("trunkGroup").error("unknown trunk group '" + group + "'");
            return null;
        }
        return new Target.Group(group);
    }

    private List<Condition> match(YamlTree match) {
        List<Condition> out = new ArrayList<>();
        Map<String, YamlTree> e = match.entries(MATCH_KEYS);
        if (e.containsKey("method")) {
            Set<String> methods = new LinkedHashSet<>();
            match.get("method").texts().forEach(m -> methods.add(m.toUpperCase(Locale.ROOT)));
            out.add(new Condition.Method(methods));
        }
        if (e.containsKey("source")) {
            source(match.get("source"), out);
        }
        for (Field field : Field.values()) {
            if (e.containsKey(field.key())) {
                TextMatch text = text(match.get(field.key()), field);
                if (text != null) {
                    out.add(new Condition.OnField(field, text));
                }
            }
        }
        if (e.containsKey("header")) {
            for (YamlTree h : match.get("header").isList() ? match.get("header").items() : List.of(match.get("header"))) {
                h.entries(Set.of("name", "regex"));
                String name = TrunkParser.required(h, "name").text("");
                Pattern pattern = regex(TrunkParser.required(h, "regex"));
                if (pattern != null && !name.isEmpty()) {
                    out.add(new Condition.Header(name, pattern));
                }
            }
        }
        return out;
    }

    private void source(YamlTree source, List<Condition> out) {
        Map<String, YamlTree> e = source.entries(Set.of("listener", "transport", "cidr", "trunk", "authenticated"));
        for (String key : List.of("listener", "transport")) {
            if (e.containsKey(key)) {
                Set<String> transports = new LinkedHashSet<>();
                for (YamlTree t : source.get(key).items()) {
                    String value = t.text("").toLowerCase(Locale.ROOT);
                    if (!TRANSPORTS.contains(value)) {
                        t.error("not a listener: '" + value + "' (udp, tcp, tls, ws, wss)");
                    }
                    transports.add(value);
                }
                out.add(new Condition.Transport(transports));
            }
        }
        if (e.containsKey("cidr")) {
            out.add(new Condition.SourceCidr(Cidrs.read(source.get("cidr"))));
        }
        if (e.containsKey("trunk")) {
            Set<String> trunks = new LinkedHashSet<>();
            for (YamlTree t : source.get("trunk").items()) {
                String name = t.text("");
                if (name.equals("any")) {
                    continue; // any trunk: the empty set
                }
                if (!trunkNames.contains(name) && !externalTrunks.contains(name)) {
                    t.error("unknown trunk '" + name + "'");
                }
                trunks.add(name);
            }
            out.add(new Condition.SourceTrunk(trunks));
        }
        if (e.containsKey("authenticated")) {
            out.add(new Condition.Authenticated(source.get("authenticated").bool(true)));
        }
    }

    /**
     * A text match: a plain value (exact), "local" for a domain, or a mapping of exact, prefix,
     * regex, and local (domains) or known (users).
     */
    private static TextMatch text(YamlTree node, Field field) {
        List<TextMatch.Alternative> alternatives = new ArrayList<>();
        if (node.isScalar()) {
            String value = node.text("");
            if (field.isDomain() && value.equals("local")) {
                alternatives.add(new TextMatch.Local(true));
            } else {
                alternatives.add(new TextMatch.Exact(Set.of(normalise(value, field))));
            }
            return new TextMatch(alternatives);
        }
        Map<String, YamlTree> e = node.entries(field.isDomain() ? Set.of("exact", "regex", "local")
                : Set.of("exact", "prefix", "regex", "known"));
        if (e.containsKey("exact")) {
            Set<String> values = new LinkedHashSet<>();
            node.get("exact").texts().forEach(v -> values.add(normalise(v, field)));
            alternatives.add(new TextMatch.Exact(values));
        }
        if (e.containsKey("prefix")) {
            List<String> prefixes = node.get("prefix").texts();
            if (prefixes.contains("")) {
                node.get("prefix").error("an empty prefix matches everything: leave the condition out instead");
            }
            alternatives.add(new TextMatch.Prefix(prefixes));
        }
        if (e.containsKey("regex")) {
            Pattern pattern = regex(node.get("regex"));
            if (pattern != null) {
                alternatives.add(new TextMatch.Regex(pattern));
            }
        }
        if (e.containsKey("local")) {
            alternatives.add(new TextMatch.Local(node.get("local").bool(true)));
        }
        if (e.containsKey("known")) {
            alternatives.add(new TextMatch.Known(node.get("known").bool(true)));
        }
        if (e.isEmpty()) {
            node.error("say how to match: " + (field.isDomain() ? "exact, regex or local" : "exact, prefix, regex or known"));
            return null;
        }
        if (alternatives.isEmpty()) {
            return null; // what was given is wrong, and said so where it stands
        }
        return new TextMatch(alternatives);
    }

    private static String normalise(String value, Field field) {
        return field.isDomain() ? value.toLowerCase(Locale.ROOT) : value;
    }

    private static Pattern regex(YamlTree node) {
        String text = node.text("");
        try {
            return Pattern.compile(text);
        } catch (PatternSyntaxException e) {
            node.error("bad regular expression '" + text + "': " + e.getDescription() + " near index " + e.getIndex());
            return null;
        }
    }

    private static Rewrite rewrite(YamlTree node) {
        Map<String, YamlTree> e = node.entries(Set.of("strip", "prefix", "regex", "replace"));
        int strip = node.get("strip").integer(0, 0, 64);
        String prefix = node.get("prefix").text("");
        Pattern regex = null;
        String replacement = null;
        if (e.containsKey("regex") != e.containsKey("replace")) {
            node.error("'regex' and 'replace' go together");
        } else if (e.containsKey("regex")) {
            regex = regex(node.get("regex"));
            replacement = node.get("replace").text("");
            if (regex != null) {
                String problem = Replacement.check(replacement, regex);
                if (problem != null) {
                    node.get("replace").error("bad replacement '" + replacement + "': " + problem);
                }
            }
        }
        return new Rewrite(strip, prefix, regex, replacement);
    }

    private static HeaderEdits headers(YamlTree node) {
        node.entries(Set.of("add", "remove"));
        Map<String, String> add = new LinkedHashMap<>();
        for (Map.Entry<String, YamlTree> h : node.get("add").entries().entrySet()) {
            if (checkName(h.getKey(), h.getValue())) {
                add.put(h.getKey(), h.getValue().text(""));
            }
        }
        List<String> remove = new ArrayList<>();
        for (YamlTree item : node.get("remove").items()) {
            String name = item.text("");
            if (checkName(name, item)) {
                remove.add(name);
            }
        }
        return new HeaderEdits(add, remove);
    }

    private static boolean checkName(String name, YamlTree at) {
        if (!HEADER_NAME.matcher(name).matches()) {
            at.keyError("'" + name + "' is not a header name");
            return false;
        }
        if (PROTECTED.contains(name.toLowerCase(Locale.ROOT))) {
            at.keyError(name + " belongs to the gateway (topology hiding, transactions): a rule cannot change it");
            return false;
        }
        return true;
    }
}
