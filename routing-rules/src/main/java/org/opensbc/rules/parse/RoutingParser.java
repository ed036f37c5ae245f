package org.opensbc.rules.parse;

import java.util.List;
import java.util.Map;
import java.util.Set;
import org.opensbc.rules.model.Rule;
import org.opensbc.rules.model.TrunkGroup;
import org.opensbc.rules.model.TrunkSpec;
import org.opensbc.rules.yaml.YamlTree;

/** The top level of routing.yaml: trunks first (rules and groups name them), then groups, then rules. */
public final class RoutingParser {

    /** What was read; meaningful only when no error was reported. */
    public record Parsed(Map<String, TrunkSpec> trunks, Map<String, TrunkGroup> groups, List<Rule> rules) { }

    private RoutingParser() {
    }

    /** @param baseDir routing.yaml's directory: relative file names in it are looked up there */
    public static Parsed parse(YamlTree root, Set<String> externalTrunks, java.nio.file.Path baseDir) {
        root.entries(Set.of("trunks", "trunkGroups", "rules"));
        Names trunkNames = new Names("trunk");
        Map<String, TrunkSpec> trunks = TrunkParser.trunks(root.get("trunks"), trunkNames, baseDir);
        for (String external : externalTrunks) {
            if (trunkNames.contains(external)) {
                root.get("trunks").error("trunk '" + external + "' is also defined in sbc.yaml (trunk:); keep one");
            }
        }
        Names groupNames = new Names("trunk group");
        Map<String, TrunkGroup> groups = TrunkParser.groups(root.get("trunkGroups"), groupNames, trunkNames, externalTrunks);
        List<Rule> rules = new RuleParser(trunkNames, externalTrunks, groupNames).rules(root.get("rules"));
        return new Parsed(trunks, groups, rules);
    }
}
