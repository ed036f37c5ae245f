package org.opensbc.rules.acl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.opensbc.rules.RuleError;
import org.opensbc.rules.RulesException;

/** acl.yaml read and applied: networks per listener and per trunk, methods per source class, scanners. */
class AclPolicyTest {

    private static final String ACL = """
            listeners:
              udp: { allow: [10.0.0.0/8, 192.0.2.0/24], deny: [10.9.0.0/16] }
            trunks:
              pbx: { allow: [192.0.2.0/28], deny: [192.0.2.13] }
            methods:
              trunk: [INVITE, BYE, OPTIONS]
              other: [REGISTER, INVITE, BYE]
            rateLimit: { requestsPerSecond: 5, burst: 10, banSeconds: 30 }
            userAgentBlocklist: [friendly-scanner]
            """;

    private static AclPolicy policy() throws RulesException {
        return AclFile.parse(ACL, "acl.yaml", Set.of("pbx"));
    }

    @Test
    void listenerNetworksAllowAndDeny() throws Exception {
        AclPolicy acl = policy();
        assertEquals(AclPolicy.Verdict.ACCEPT, acl.check("10.1.2.3", "udp", null, "INVITE", false, null));
        assertEquals(AclPolicy.Verdict.DROP, acl.check("10.9.1.1", "udp", null, "INVITE", false, null), "denied range");
        assertEquals(AclPolicy.Verdict.DROP, acl.check("198.51.100.7", "udp", null, "INVITE", false, null), "not allowed");
        assertEquals(AclPolicy.Verdict.ACCEPT, acl.check("198.51.100.7", "wss", null, "INVITE", false, null),
                "a listener not named admits everyone");
    }

    @Test
    void aTrunkIsAcceptedOnlyFromItsAllowedAddresses() throws Exception {
        AclPolicy acl = policy();
        assertEquals(AclPolicy.Verdict.ACCEPT, acl.check("192.0.2.10", "udp", "pbx", "INVITE", false, null));
        assertEquals(AclPolicy.Verdict.DROP, acl.check("192.0.2.13", "udp", "pbx", "INVITE", false, null));
    }

    @Test
    void methodsPerSourceClassOutsideDialogsOnly() throws Exception {
        AclPolicy acl = policy();
        assertEquals(AclPolicy.Verdict.METHOD_NOT_ALLOWED, acl.check("192.0.2.10", "udp", "pbx", "REGISTER", false, null));
        assertEquals(AclPolicy.Verdict.ACCEPT, acl.check("10.1.2.3", "udp", null, "REGISTER", false, null));
        assertEquals(AclPolicy.Verdict.METHOD_NOT_ALLOWED, acl.check("10.1.2.3", "udp", null, "MESSAGE", false, null));
        assertEquals(AclPolicy.Verdict.ACCEPT, acl.check("10.1.2.3", "udp", null, "MESSAGE", true, null),
                "in a dialog the call's own requests go on");
        assertEquals(AclPolicy.Verdict.ACCEPT, acl.check("10.1.2.3", "udp", null, "ACK", false, null),
                "ACK and CANCEL are never refused");
        assertTrue(acl.allowedMethods(false).containsAll(Set.of("REGISTER", "INVITE", "BYE", "ACK", "CANCEL")));
    }

    @Test
    void scannersAreDroppedWhateverTheirCase() throws Exception {
        assertEquals(AclPolicy.Verdict.DROP, policy().check("10.1.2.3", "udp", null, "OPTIONS", false, "Friendly-Scanner 1.0"));
    }

    @Test
    void mistakesAreNamedWithLineAndColumn() {
        RulesException e = assertThrows(RulesException.class, () -> AclFile.parse("""
                listeners:
                  udpp: { allow: [10.0.0.0/8] }
                trunks:
                  nosuch: { allow: [10.0.0.0/8] }
                methods:
                  other: [INVITE, FROB]
                rateLimit: { requestsPerSecond: 10, burst: 5 }
                """, "acl.yaml", Set.of("pbx")));
        List<String> errors = e.errors().stream().map(RuleError::toString).toList();
        assertTrue(errors.contains("acl.yaml:2:3: listeners.udpp: not a listener (udp, tcp, tls, ws, wss)"), errors.toString());
        assertTrue(errors.contains("acl.yaml:4:3: trunks.nosuch: unknown trunk 'nosuch'"), errors.toString());
        assertTrue(errors.contains("acl.yaml:6:19: methods.other[1]: unknown method 'FROB'"), errors.toString());
        assertTrue(errors.contains("acl.yaml:7:44: rateLimit.burst: must be at least requestsPerSecond (10)"), errors.toString());
    }
}
