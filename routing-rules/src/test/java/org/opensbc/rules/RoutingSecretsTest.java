package org.opensbc.rules;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Trunk passwords as the admin API shows them (masked) and takes them back (the masked ones kept). */
class RoutingSecretsTest {

    private static final String RULES = """
            # carriers
            trunks:
              - name: carrier        # the main one
                host: 192.0.2.1
                digest:
                  username: acct123
                  password: s3cret-pass   # rotated 2026-11
                  register: true
              - { name: backup, host: 192.0.2.2, digest: { username: acct9, password: "p\\"w,1" } }
              - name: quoted
                host: 192.0.2.3
                digest: { username: u, password: 'it''s-πα🔑' }
            rules:
              - { name: out, match: { requestUser: { prefix: "+44" } }, route: { trunk: carrier } }
            """;

    @Test
    void everyPasswordIsMaskedAndNothingElseChanges() {
        String masked = RoutingSecrets.mask(RULES);
        assertFalse(masked.contains("s3cret") || masked.contains("w,1") || masked.contains("πα"), masked);
        assertEquals(RULES.replace("s3cret-pass", "\"****\"").replace("\"p\\\"w,1\"", "\"****\"")
                .replace("'it''s-πα🔑'", "\"****\""), masked);
    }

    @Test
    void aMaskedPasswordSentBackIsTheOneInForce() throws Exception {
        String edited = RoutingSecrets.mask(RULES) + "  - { name: more, route: { trunk: backup } }\n";
        String back = RoutingSecrets.unmask(edited, "routing.yaml",
                Map.of("carrier", "s3cret-pass", "backup", "p\"w,1", "quoted", "it's-πα🔑"));
        RuleSet parsed = RoutingFile.parse(back, "routing.yaml", Set.of());
        assertEquals("s3cret-pass", parsed.trunks().get("carrier").digest().password());
        assertEquals("p\"w,1", parsed.trunks().get("backup").digest().password());
        assertEquals("it's-πα🔑", parsed.trunks().get("quoted").digest().password());
        assertTrue(back.contains("# rotated 2026-11") && back.contains("name: more"), back);
    }

    @Test
    void aNewPasswordReplacesTheOldOne() throws Exception {
        String edited = RoutingSecrets.mask(RULES).replaceFirst("\"\\*\\*\\*\\*\"", "new-pass-1");
        String back = RoutingSecrets.unmask(edited, "routing.yaml", Map.of("carrier", "s3cret-pass", "backup", "x",
                "quoted", "y"));
        assertEquals("new-pass-1", RoutingFile.parse(back, "routing.yaml", Set.of()).trunks().get("carrier").digest()
                .password());
    }

    @Test
    void aMaskedPasswordForATrunkWithoutOneIsAMistakeAtItsPlace() {
        RulesException e = assertThrows(RulesException.class, () -> RoutingSecrets.unmask(RoutingSecrets.mask(RULES),
                "routing.yaml", Map.of("carrier", "s3cret-pass", "backup", "x")));
        assertEquals(1, e.errors().size(), e.errors().toString());
        assertEquals("routing.yaml:12:38: trunks[2].digest.password: masked (****) but trunk 'quoted' has no password in"
                + " force: write it out", e.errors().get(0).toString());
    }

    @Test
    void aTextThatIsNotYamlIsStillMasked() {
        String broken = "trunks:\n  - { name: a, digest: { password: pa#ss word, username: u }\n  - name: [\n"
                + "    password: 'x y'  # note\n";
        String masked = RoutingSecrets.mask(broken);
        assertFalse(masked.contains("pa#ss") || masked.contains("ss word") || masked.contains("x y"), masked);
        assertTrue(masked.contains("username: u"), masked);
    }
}
