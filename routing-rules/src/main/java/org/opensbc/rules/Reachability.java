package org.opensbc.rules;

import java.util.List;
import org.opensbc.rules.match.Condition;
import org.opensbc.rules.match.TextMatch;
import org.opensbc.rules.model.Rule;
import org.opensbc.rules.yaml.Errors;

/**
 * Finds rules that can never match because an earlier rule matches every request they would:
 * the earlier rule has, for each of its conditions, a condition of the later rule that is at
 * least as narrow (no conditions at all: it matches everything after it). Conservative: when
 * it cannot prove it (two different regular expressions), it says nothing.
 *
 * <p>The prefix index keeps this near-linear: a rule with a requestUser prefix can only be
 * shadowed by rules filed under a prefix of its own, or by rules without a requestUser prefix.
 */
final class Reachability {

    private Reachability() {
    }

    static void check(List<Rule> rules, Errors errors) {
        PrefixIndex index = new PrefixIndex(rules);
        for (int j = 1; j < rules.size(); j++) {
            Rule later = rules.get(j);
            for (int i : earlierCandidates(index, later, j)) {
                Rule earlier = rules.get(i);
                if (covers(earlier, later)) {
                    errors.add(later.line(), later.column(), "rule '" + later.name() + "' can never match: rule '"
                            + earlier.name() + "' (line " + earlier.line() + ") matches every request it would");
                    break;
                }
            }
        }
    }

    private static int[] earlierCandidates(PrefixIndex index, Rule later, int position) {
        TextMatch user = PrefixIndex.requestUserMatch(later);
        if (user == null || !user.isIndexable()) {
            int[] unindexed = index.unindexed();
            int n = 0;
            while (n < unindexed.length && unindexed[n] < position) {
                n++;
            }
            return java.util.Arrays.copyOf(unindexed, n);
        }
        // a rule covering this one covers its first value: look that value up
        TextMatch.Alternative first = user.alternatives().get(0);
        if (first instanceof TextMatch.Exact e) {
            return index.before(position, e.values().iterator().next(), true);
        }
        return index.before(position, ((TextMatch.Prefix) first).prefixes().get(0), false);
    }

    /** Every condition of {@code earlier} is implied by one of {@code later}'s. */
    static boolean covers(Rule earlier, Rule later) {
        for (Condition c : earlier.conditions()) {
            boolean implied = false;
            for (Condition d : later.conditions()) {
                if (c.covers(d)) {
                    implied = true;
                    break;
                }
            }
            if (!implied) {
                return false;
            }
        }
        return true;
    }
}
