package org.opensbc.rules;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.random.RandomGenerator;
import org.opensbc.rules.match.Condition;
import org.opensbc.rules.model.HeaderEdits;
import org.opensbc.rules.model.Rule;
import org.opensbc.rules.model.Target;
import org.opensbc.rules.model.TrunkGroup;
import org.opensbc.rules.model.TrunkSpec;

/**
 * A validated, immutable set of routing rules with the trunks and trunk groups they name. First
 * match wins. Thread-safe: a reload builds a new set and swaps it in whole.
 */
public final class RuleSet {

    private final List<Rule> rules;
    private final Map<String, TrunkSpec> trunks;
    private final Map<String, TrunkGroup> groups;
    private final PrefixIndex index;
    /** Where it came from, for operators: a file path or "built-in". */
    private final String source;

    RuleSet(List<Rule> rules, Map<String, TrunkSpec> trunks, Map<String, TrunkGroup> groups, String source) {
        this.rules = List.copyOf(rules);
        this.trunks = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(trunks));
        this.groups = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(groups));
        this.index = new PrefixIndex(this.rules);
        this.source = source;
    }

    public List<Rule> rules() {
        return rules;
    }

    /** Trunks defined in the file, by name, in file order. */
    public Map<String, TrunkSpec> trunks() {
        return trunks;
    }

    public Map<String, TrunkGroup> groups() {
        return groups;
    }

    public String source() {
        return source;
    }

    PrefixIndex index() {
        return index;
    }

    public Evaluation evaluate(RequestFacts facts, Environment env) {
        return evaluate(facts, env, ThreadLocalRandom.current());
    }

    /** @param random draws the order of a weighted group's trunks */
    public Evaluation evaluate(RequestFacts facts, Environment env, RandomGenerator random) {
        int[] candidates = index.candidates(facts.requestUser());
        List<TraceStep> trace = new ArrayList<>(Math.min(candidates.length, 16));
        int skipped = rules.size() - candidates.length;
        for (int id : candidates) {
            Rule rule = rules.get(id);
            Condition failed = firstFailing(rule, facts, env);
            if (failed != null) {
                trace.add(new TraceStep(rule.name(), rule.line(), false,
                        failed.describe() + ": was " + failed.actual(facts)));
                continue;
            }
            String user = rule.rewrite().apply(facts.requestUser());
            String rewritten = rule.rewrite().isNone() ? "" : ", request user " + facts.requestUser() + " -> " + user;
            trace.add(new TraceStep(rule.name(), rule.line(), true, "matched" + rewritten));
            return new Evaluation(decide(rule.target(), user, facts.requestDomain(), random), user, rule.headers(),
                    rule.name(), trace, skipped);
        }
        return new Evaluation(new RouteDecision.Reject(404, "Not Found"), facts.requestUser(), HeaderEdits.NONE, null,
                trace, skipped);
    }

    private static Condition firstFailing(Rule rule, RequestFacts facts, Environment env) {
        for (Condition c : rule.conditions()) {
            if (!c.test(facts, env)) {
                return c;
            }
        }
        return null;
    }

    private RouteDecision decide(Target target, String user, String domain, RandomGenerator random) {
        if (target instanceof Target.Trunk t) {
            return new RouteDecision.Trunks(null, List.of(t.name()));
        }
        if (target instanceof Target.Group g) {
            return new RouteDecision.Trunks(g.name(), order(groups.get(g.name()), random));
        }
        if (target instanceof Target.Reject r) {
            return new RouteDecision.Reject(r.status(), r.reason());
        }
        return new RouteDecision.LocalUser(user + "@" + domain);
    }

    /** Failover: as listed. Weighted: each next trunk drawn from the rest in proportion to its weight. */
    private static List<String> order(TrunkGroup group, RandomGenerator random) {
        List<TrunkGroup.Member> members = new ArrayList<>(group.members());
        if (group.strategy() == TrunkGroup.Strategy.FAILOVER) {
            return members.stream().map(TrunkGroup.Member::trunk).toList();
        }
        List<String> out = new ArrayList<>(members.size());
        while (!members.isEmpty()) {
            int total = members.stream().mapToInt(TrunkGroup.Member::weight).sum();
            int pick = total <= 0 ? 0 : random.nextInt(total);
            int i = 0;
            while (i < members.size() - 1 && pick >= members.get(i).weight()) {
                pick -= members.get(i).weight();
                i++;
            }
            out.add(members.remove(i).trunk());
        }
        return out;
    }
}
