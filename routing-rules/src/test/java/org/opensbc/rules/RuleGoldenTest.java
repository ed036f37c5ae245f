package org.opensbc.rules;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

/**
 * Golden tests of rule evaluation: each case in golden/cases.yaml (request facts) is routed
 * through golden/routing.yaml and must print exactly its expected decision, rewrite, header
 * edits and trace. -Dgolden.update=true rewrites the expectations (review the diff).
 */
class RuleGoldenTest {

    private static final Path DIR = Path.of("src/test/resources/golden");

    @Test
    @SuppressWarnings("unchecked")
    void everyCaseRoutesAsRecorded() throws Exception {
        RuleSet rules = RoutingFile.load(DIR.resolve("routing.yaml"), Set.of());
        String casesText = Files.readString(DIR.resolve("cases.yaml"));
        List<Map<String, Object>> cases = new Yaml().load(casesText);
        StringBuilder updated = new StringBuilder(casesText.substring(0, casesText.indexOf("- name:")));
        int failures = 0;
        StringBuilder report = new StringBuilder();
        for (Map<String, Object> c : cases) {
            RequestFacts facts = facts((Map<String, Object>) c.get("facts"));
            String actual = rules.evaluate(facts, TestEnvironment.INSTANCE, new Random(42)).describe() + "\n";
            if (!actual.equals(c.get("expected"))) {
                failures++;
                report.append("case '").append(c.get("name")).append("':\n--- expected\n").append(c.get("expected"))
                        .append("--- actual\n").append(actual);
            }
            updated.append(caseText(c, actual));
        }
        if (Boolean.getBoolean("golden.update")) {
            Files.writeString(DIR.resolve("cases.yaml"), updated.toString());
            return;
        }
        assertEquals(0, failures, report.toString());
    }

    @SuppressWarnings("unchecked")
    private static RequestFacts facts(Map<String, Object> f) {
        String[] request = ((String) f.get("request")).split("@");
        RequestFacts.Builder b = RequestFacts.builder((String) f.getOrDefault("method", "INVITE"))
                .source((String) f.get("source"), (String) f.get("transport"))
                .trunk((String) f.getOrDefault("trunk", ""))
                .authenticated(Boolean.TRUE.equals(f.get("authenticated")))
                .request(request[0], request[1])
                .to(request[0], request[1]);
        if (f.containsKey("from")) {
            String[] from = ((String) f.get("from")).split("@");
            b.from(from[0], from[1]);
        }
        ((Map<String, String>) f.getOrDefault("headers", Map.of())).forEach(b::header);
        return b.build();
    }

    @SuppressWarnings("unchecked")
    private static String caseText(Map<String, Object> c, String expected) throws IOException {
        StringBuilder b = new StringBuilder("- name: ").append(c.get("name")).append("\n  facts: ");
        b.append(new Yaml().dump(c.get("facts")).trim().replace("\n", ", ").replaceFirst("^", "{ ") + " }\n");
        b.append("  expected: |\n");
        for (String line : expected.split("\n")) {
            b.append("    ").append(line).append('\n');
        }
        return b.toString();
    }
}
