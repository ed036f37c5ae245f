package org.opensbc.rules;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.opensbc.rules.match.Condition;
import org.opensbc.rules.match.Field;
import org.opensbc.rules.match.TextMatch;
import org.opensbc.rules.model.HeaderEdits;
import org.opensbc.rules.model.Rewrite;
import org.opensbc.rules.model.Rule;
import org.opensbc.rules.model.Target;

/**
 * The prefix index must never change which rule wins: random rule lists (prefixes, exact
 * numbers, expressions, other conditions, catch-alls) against random numbers, compared with a
 * plain first-match scan of every rule.
 */
class PrefixIndexTest {

    @Test
    void theIndexedEvaluationPicksWhatAFullScanPicks() {
        Random random = new Random(7);
        for (int round = 0; round < 200; round++) {
            List<Rule> rules = randomRules(random, 1 + random.nextInt(60));
            RuleSet set = RoutingFile.of(rules, Map.of(), Map.of(), "test");
            for (int n = 0; n < 50; n++) {
                RequestFacts facts = RequestFacts.builder(random.nextBoolean() ? "INVITE" : "MESSAGE")
                        .source("192.0.2.1", "udp").request(number(random), "sbc.example.com").build();
                Evaluation e = set.evaluate(facts, TestEnvironment.INSTANCE);
                assertEquals(scan(rules, facts), e.rule(), "round " + round + " number " + facts.requestUser());
            }
        }
    }

    @Test
    void aHundredThousandPrefixesAreFoundByTheirNumber() {
        List<Rule> rules = new ArrayList<>();
        for (int i = 0; i < 100_000; i++) {
            rules.add(rule("p" + i, List.of(user(new TextMatch.Prefix(List.of("+1" + (2_000_000 + i)))))));
        }
        RuleSet set = RoutingFile.of(rules, Map.of(), Map.of(), "test");
        Evaluation e = set.evaluate(RequestFacts.builder("INVITE").request("+120543219999", "x").build(),
                TestEnvironment.INSTANCE);
        assertEquals("p54321", e.rule());
        assertTrue(e.trace().size() <= 2, "only the candidates are looked at: " + e.trace());
    }

    private static String scan(List<Rule> rules, RequestFacts facts) {
        for (Rule r : rules) {
            if (r.conditions().stream().allMatch(c -> c.test(facts, TestEnvironment.INSTANCE))) {
                return r.name();
            }
        }
        return null;
    }

    private static List<Rule> randomRules(Random random, int count) {
        List<Rule> rules = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            List<Condition> conditions = new ArrayList<>();
            switch (random.nextInt(5)) {
                case 0 -> conditions.add(user(new TextMatch.Prefix(List.of(digits(random, 1 + random.nextInt(3))))));
                case 1 -> conditions.add(user(new TextMatch.Exact(Set.of(digits(random, 4)))));
                case 2 -> conditions.add(user(new TextMatch.Regex(Pattern.compile(digits(random, 1) + ".*" + digits(random, 1)))));
                case 3 -> conditions.add(user(new TextMatch.Prefix(List.of(digits(random, 2), digits(random, 2)))));
                default -> { } // no requestUser condition
            }
            if (random.nextInt(3) == 0) {
                conditions.add(new Condition.Method(Set.of("INVITE")));
            }
            if (random.nextInt(20) == 0) {
                conditions.clear(); // a catch-all somewhere in the list
            }
            rules.add(rule("r" + i, conditions));
        }
        return rules;
    }

    private static Condition user(TextMatch.Alternative alternative) {
        return new Condition.OnField(Field.REQUEST_USER, new TextMatch(List.of(alternative)));
    }

    private static Rule rule(String name, List<Condition> conditions) {
        return new Rule(name, 1, 1, conditions, Rewrite.NONE, HeaderEdits.NONE, new Target.Reject(404, "x"));
    }

    private static String number(Random random) {
        return digits(random, 1 + random.nextInt(6));
    }

    private static String digits(Random random, int n) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < n; i++) {
            b.append((char) ('0' + random.nextInt(4))); // few digits: many collisions with the rules
        }
        return b.toString();
    }
}
