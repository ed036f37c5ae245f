package org.opensbc.rules;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Every kind of mistake is reported with the file, line and column an operator must look at. */
class RulesValidationTest {

    private static List<String> errors(String yaml) {
        RulesException e = assertThrows(RulesException.class, () -> RoutingFile.parse(yaml, "routing.yaml", Set.of()));
        return e.errors().stream().map(RuleError::toString).toList();
    }

    private static void assertError(String yaml, String expected) {
        List<String> errors = errors(yaml);
        assertTrue(errors.contains(expected), "expected " + expected + " in " + errors);
    }

    @Test
    void unknownTrunk() {
        assertError("""
                rules:
                  - name: out
                    route: { trunk: carrier }
                """, "routing.yaml:3:21: rules[0].route.trunk: unknown trunk 'carrier'");
        assertError("""
                trunkGroups:
                  - name: g
                    trunks: [a]
                """, "routing.yaml:3:14: trunkGroups[0].trunks[0]: unknown trunk 'a'");
        assertError("""
                rules:
                  - name: from-pbx
                    match: { source: { trunk: pbx } }
                    reject: { code: 403 }
                """, "routing.yaml:3:31: rules[0].match.source.trunk: unknown trunk 'pbx'");
    }

    @Test
    void badRegularExpression() {
        assertError("""
                rules:
                  - name: r
                    match: { requestUser: { regex: "0([1-9]" } }
                    route: { user: true }
                """, "routing.yaml:3:36: rules[0].match.requestUser.regex: bad regular expression '0([1-9]': "
                + "Unclosed group near index 7");
    }

    @Test
    void aRuleShadowedByAnEarlierOne() {
        assertError("""
                rules:
                  - name: uk
                    match: { requestUser: { prefix: "+44" } }
                    reject: { code: 403 }
                  - name: london
                    match: { requestUser: { prefix: "+4420" }, method: INVITE }
                    reject: { code: 404 }
                """, "routing.yaml:5:5: rule 'london' can never match: rule 'uk' (line 2) matches every request it would");
        assertError("""
                rules:
                  - name: everything
                    reject: { code: 404 }
                  - name: later
                    match: { requestDomain: local }
                    route: { user: true }
                """, "routing.yaml:4:5: rule 'later' can never match: rule 'everything' (line 2) matches every request it would");
    }

    @Test
    void narrowerEarlierRulesShadowNothing() throws Exception {
        RuleSet ok = RoutingFile.parse("""
                rules:
                  - name: london-invites
                    match: { requestUser: { prefix: "+4420" }, method: INVITE }
                    reject: { code: 403 }
                  - name: uk
                    match: { requestUser: { prefix: "+44" } }
                    reject: { code: 404 }
                  - name: office
                    match: { source: { cidr: 10.1.0.0/16 } }
                    reject: { code: 404 }
                  - name: company
                    match: { source: { cidr: 10.0.0.0/8 } }
                    reject: { code: 404 }
                """, "routing.yaml", Set.of());
        assertEquals(4, ok.rules().size());
    }

    @Test
    void duplicateNames() {
        assertError("""
                trunks:
                  - { name: pbx, host: 192.0.2.1 }
                  - { name: pbx, host: 192.0.2.2 }
                """, "routing.yaml:3:13: trunks[1].name: duplicate trunk name 'pbx' (first defined on line 2)");
        assertError("""
                rules:
                  - { name: a, reject: { code: 403 }, match: { method: MESSAGE } }
                  - { name: a, reject: { code: 404 }, match: { method: OPTIONS } }
                """, "routing.yaml:3:13: rules[1].name: duplicate rule name 'a' (first defined on line 2)");
    }

    @Test
    void typosAndMissingPartsAreNamed() {
        List<String> errors = errors("""
                rules:
                  - name: r
                    mtach: { requestUser: "1" }
                    route: { user: true }
                  - name: s
                    match: { requestUser: "2" }
                  - name: t
                    rewrite: { regex: "(1)", replace: "$2" }
                    match: { requestUser: "3" }
                    route: { user: true }
                  - name: u
                    headers: { add: { Via: "SIP/2.0/UDP evil" } }
                    match: { requestUser: "4" }
                    route: { user: true }
                  - name: v
                    match: { source: { cidr: 10.0.0.0/33 } }
                    reject: { code: 200 }
                """);
        assertTrue(errors.contains("routing.yaml:3:5: rules[0].mtach: unknown key (expected one of [headers, match, name, "
                + "reject, rewrite, route])"), errors.toString());
        assertTrue(errors.contains("routing.yaml:5:5: rules[1]: a rule needs exactly one of 'route' and 'reject'"), errors.toString());
        assertTrue(errors.contains("routing.yaml:8:39: rules[2].rewrite.replace: bad replacement '$2': $2 but the expression has 1 group"),
                errors.toString());
        assertTrue(errors.contains("routing.yaml:12:23: rules[3].headers.add.Via: Via belongs to the gateway (topology "
                + "hiding, transactions): a rule cannot change it"), errors.toString());
        assertTrue(errors.contains("routing.yaml:16:30: rules[4].match.source.cidr: '10.0.0.0/33': the prefix length must be 0 to 32"),
                errors.toString());
        assertTrue(errors.contains("routing.yaml:17:21: rules[4].reject.code: must be between 300 and 699, got 200"),
                errors.toString());
    }

    @Test
    void yamlSyntaxErrorsHaveALineAndColumn() {
        List<String> errors = errors("rules:\n  - name: [unclosed\n");
        assertEquals(1, errors.size(), errors.toString());
        assertTrue(errors.get(0).matches("routing\\.yaml:3:1: .*"), errors.toString());
    }
}
