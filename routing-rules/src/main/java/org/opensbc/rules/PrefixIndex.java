package org.opensbc.rules;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.opensbc.rules.match.Condition;
import org.opensbc.rules.match.Field;
import org.opensbc.rules.match.TextMatch;
import org.opensbc.rules.model.Rule;

/**
 * Finds the rules that can match a Request-URI user without looking at the others: rules whose
 * requestUser condition is only exact values or prefixes are filed under each of them; the
 * rest are always candidates. A lookup costs one hash probe per character of the number, so
 * 100,000 prefix rules route as fast as ten.
 */
final class PrefixIndex {

    private final Map<String, int[]> byPrefix = new HashMap<>();
    private final Map<String, int[]> byExact = new HashMap<>();
    private final int[] unindexed;
    private final int longestPrefix;

    PrefixIndex(List<Rule> rules) {
        Map<String, List<Integer>> prefixes = new HashMap<>();
        Map<String, List<Integer>> exacts = new HashMap<>();
        List<Integer> rest = new ArrayList<>();
        int longest = 0;
        for (int i = 0; i < rules.size(); i++) {
            TextMatch user = requestUserMatch(rules.get(i));
            if (user == null || !user.isIndexable()) {
                rest.add(i);
                continue;
            }
            for (TextMatch.Alternative a : user.alternatives()) {
                if (a instanceof TextMatch.Prefix p) {
                    for (String prefix : p.prefixes()) {
                        prefixes.computeIfAbsent(prefix, k -> new ArrayList<>()).add(i);
                        longest = Math.max(longest, prefix.length());
                    }
                } else if (a instanceof TextMatch.Exact e) {
                    for (String value : e.values()) {
                        exacts.computeIfAbsent(value, k -> new ArrayList<>()).add(i);
                    }
                }
            }
        }
        prefixes.forEach((k, v) -> byPrefix.put(k, v.stream().mapToInt(Integer::intValue).distinct().toArray()));
        exacts.forEach((k, v) -> byExact.put(k, v.stream().mapToInt(Integer::intValue).distinct().toArray()));
        unindexed = rest.stream().mapToInt(Integer::intValue).toArray();
        longestPrefix = longest;
    }

    /** The requestUser condition of a rule, or null when it has none. */
    static TextMatch requestUserMatch(Rule rule) {
        for (Condition c : rule.conditions()) {
            if (c instanceof Condition.OnField f && f.field() == Field.REQUEST_USER) {
                return f.match();
            }
        }
        return null;
    }

    /** The rules that may match {@code user}, in rule order. */
    int[] candidates(String user) {
        int[] found = new int[8];
        int n = 0;
        for (int length = 1; length <= Math.min(user.length(), longestPrefix); length++) {
            int[] ids = byPrefix.get(user.substring(0, length));
            if (ids != null) {
                found = append(found, n, ids);
                n += ids.length;
            }
        }
        int[] exact = byExact.get(user);
        if (exact != null) {
            found = append(found, n, exact);
            n += exact.length;
        }
        int[] indexed = Arrays.copyOf(found, n);
        Arrays.sort(indexed);
        return merge(indexed, unindexed);
    }

    /** Earlier rules that may cover every request of a rule whose requestUser is {@code value}. */
    int[] before(int rule, String value, boolean exact) {
        int[] all = exact ? candidates(value) : prefixCandidates(value);
        int n = 0;
        while (n < all.length && all[n] < rule) {
            n++;
        }
        return Arrays.copyOf(all, n);
    }

    /** Rules filed under a prefix of {@code prefix} (itself included), and the unindexed ones. */
    private int[] prefixCandidates(String prefix) {
        int[] found = new int[8];
        int n = 0;
        for (int length = 1; length <= Math.min(prefix.length(), longestPrefix); length++) {
            int[] ids = byPrefix.get(prefix.substring(0, length));
            if (ids != null) {
                found = append(found, n, ids);
                n += ids.length;
            }
        }
        int[] indexed = Arrays.copyOf(found, n);
        Arrays.sort(indexed);
        return merge(indexed, unindexed);
    }

    int[] unindexed() {
        return unindexed;
    }

    private static int[] append(int[] to, int n, int[] ids) {
        int[] out = n + ids.length > to.length ? Arrays.copyOf(to, Math.max(2 * to.length, n + ids.length)) : to;
        System.arraycopy(ids, 0, out, n, ids.length);
        return out;
    }

    /** Two ascending arrays into one, without repeats. */
    private static int[] merge(int[] a, int[] b) {
        int[] out = new int[a.length + b.length];
        int i = 0;
        int j = 0;
        int n = 0;
        while (i < a.length || j < b.length) {
            int next = j >= b.length || (i < a.length && a[i] <= b[j]) ? a[i++] : b[j++];
            if (n == 0 || out[n - 1] != next) {
                out[n++] = next;
            }
        }
        return n == out.length ? out : Arrays.copyOf(out, n);
    }
}
