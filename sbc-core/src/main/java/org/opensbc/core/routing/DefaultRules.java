package org.opensbc.core.routing;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.opensbc.rules.RoutingFile;
import org.opensbc.rules.RuleSet;
import org.opensbc.rules.match.Condition;
import org.opensbc.rules.match.Field;
import org.opensbc.rules.match.TextMatch;
import org.opensbc.rules.model.HeaderEdits;
import org.opensbc.rules.model.Rewrite;
import org.opensbc.rules.model.Rule;
import org.opensbc.rules.model.Target;

/**
 * The routing in force when there is no routing.yaml: registered users of the local domains by
 * name, numbers and foreign domains to sbc.yaml's default trunk, and never a trunk's call back
 * out to a trunk. The shipped conf/routing.yaml says the same in rules an operator can edit.
 */
final class DefaultRules {

    private DefaultRules() {
    }

    /** @param defaultTrunk the trunk's name, or null when sbc.yaml configures none */
    static RuleSet of(String defaultTrunk) {
        List<Rule> rules = new ArrayList<>();
        rules.add(new Rule("local-users", 0, 0, List.of(domain(new TextMatch.Local(true)), user(new TextMatch.Known(true))),
                Rewrite.NONE, HeaderEdits.NONE, new Target.User()));
        // a local name that is nobody's: 404 (a number at a local domain goes to the trunk)
        rules.add(new Rule("unknown-local-name", 0, 0, List.of(domain(new TextMatch.Local(true)),
                user(new TextMatch.Regex(Pattern.compile("(?!\\+?[0-9*#]+$).*")))), Rewrite.NONE, HeaderEdits.NONE,
                new Target.Reject(404, "Not Found")));
        if (defaultTrunk != null) {
            rules.add(new Rule("no-transit", 0, 0, List.of(new Condition.SourceTrunk(Set.of())), Rewrite.NONE,
                    HeaderEdits.NONE, new Target.Reject(403, "Forbidden")));
            rules.add(new Rule("to-default-trunk", 0, 0, List.of(), Rewrite.NONE, HeaderEdits.NONE,
                    new Target.Trunk(defaultTrunk)));
        }
        return RoutingFile.of(rules, Map.of(), Map.of(), "built-in rules (no routing.yaml)");
    }

    private static Condition domain(TextMatch.Alternative a) {
        return new Condition.OnField(Field.REQUEST_DOMAIN, new TextMatch(List.of(a)));
    }

    private static Condition user(TextMatch.Alternative a) {
        return new Condition.OnField(Field.REQUEST_USER, new TextMatch(List.of(a)));
    }
}
