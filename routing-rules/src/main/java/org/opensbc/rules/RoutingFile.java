package org.opensbc.rules;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.opensbc.rules.model.Rule;
import org.opensbc.rules.model.TrunkGroup;
import org.opensbc.rules.model.TrunkSpec;
import org.opensbc.rules.parse.RoutingParser;
import org.opensbc.rules.yaml.Errors;
import org.opensbc.rules.yaml.YamlTree;

/**
 * routing.yaml, read and checked as a whole: either a {@link RuleSet} that can replace the one
 * running, or every mistake in the file with its line and column. Nothing half-read is used.
 */
public final class RoutingFile {

    private RoutingFile() {
    }

    /**
     * @param externalTrunks trunk names rules may use that are defined elsewhere (sbc.yaml's
     *                       default trunk)
     */
    public static RuleSet load(Path file, Set<String> externalTrunks) throws RulesException {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new RulesException(List.of(new RuleError(file.toString(), 0, 0, "cannot read: " + e.getMessage())));
        }
        return parse(text, file.toString(), externalTrunks);
    }

    /** Relative file names in the text (a trunk's CA file) are looked up beside {@code fileName}. */
    public static RuleSet parse(String text, String fileName, Set<String> externalTrunks) throws RulesException {
        Path parent = Path.of(fileName).toAbsolutePath().getParent();
        return parse(text, fileName, externalTrunks, parent);
    }

    /** @param baseDir where relative file names in the text are looked up (routing.yaml's directory) */
    public static RuleSet parse(String text, String fileName, Set<String> externalTrunks, Path baseDir)
            throws RulesException {
        Errors errors = new Errors(fileName);
        YamlTree root = YamlTree.parse(text, errors);
        RoutingParser.Parsed parsed = RoutingParser.parse(root, externalTrunks, baseDir);
        List<Rule> rules = parsed.rules();
        if (errors.isEmpty()) {
            Reachability.check(rules, errors); // only meaningful once every rule read cleanly
        }
        if (!errors.isEmpty()) {
            throw new RulesException(errors.list());
        }
        return new RuleSet(rules, parsed.trunks(), parsed.groups(), fileName);
    }

    /** A set built in code (the gateway's defaults when there is no routing.yaml). */
    public static RuleSet of(List<Rule> rules, Map<String, TrunkSpec> trunks, Map<String, TrunkGroup> groups,
            String source) {
        return new RuleSet(rules, trunks, groups, source);
    }
}
