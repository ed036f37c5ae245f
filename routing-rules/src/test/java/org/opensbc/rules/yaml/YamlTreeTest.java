package org.opensbc.rules.yaml;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.opensbc.rules.RuleError;

class YamlTreeTest {

    private static List<String> messages(Errors errors) {
        return errors.list().stream().map(RuleError::toString).toList();
    }

    @Test
    void everyMistakeIsReportedWithLineAndColumn() {
        Errors errors = new Errors("f.yaml");
        YamlTree root = YamlTree.parse("a:\n  port: 99999\n  on: maybe\n  typo: 1\n", errors);
        YamlTree a = root.get("a");
        a.entries(Set.of("port", "on"));
        assertEquals(5060, a.get("port").integer(5060, 1, 65535));
        assertEquals(false, a.get("on").bool(false));
        assertEquals(List.of("f.yaml:4:3: a.typo: unknown key (expected one of [on, port])",
                "f.yaml:2:9: a.port: must be between 1 and 65535, got 99999",
                "f.yaml:3:7: a.on: expected true or false, got 'maybe'"), messages(errors));
    }

    @Test
    void aMissingEntryIsReportedWhereItsMappingIs() {
        Errors errors = new Errors("f.yaml");
        YamlTree trunk = YamlTree.parse("x: 1\ntrunk:\n  enabled: true\n", errors).get("trunk");
        YamlTree host = trunk.get("host");
        assertTrue(host.isMissing());
        assertEquals(0, host.line(), "a missing entry has no line of its own");
        host.error("needed");
        assertEquals(List.of("f.yaml:3:3: trunk.host: needed"), messages(errors));
    }

    @Test
    void theSameMistakeAtTheSamePlaceCountsOnce() {
        Errors errors = new Errors("f.yaml");
        YamlTree sip = YamlTree.parse("sip: 5\n", errors).get("sip");
        sip.get("udp");
        sip.get("tcp");
        assertEquals(List.of("f.yaml:1:6: sip: expected a mapping (key: value)"), messages(errors));
    }

    @Test
    void syntaxErrorsAndUnreadableFilesAreReportedNotThrown(@TempDir Path dir) throws Exception {
        Errors errors = new Errors("f.yaml");
        assertTrue(YamlTree.parse("a: [unclosed\n", errors).isMissing());
        assertTrue(messages(errors).get(0).matches("f\\.yaml:\\d+:\\d+: .*"), messages(errors).toString());
        Errors missing = new Errors("g.yaml");
        assertTrue(YamlTree.read(dir.resolve("g.yaml"), missing).isMissing());
        assertTrue(messages(missing).get(0).startsWith("g.yaml:0:0: cannot read"), messages(missing).toString());
        Files.writeString(dir.resolve("h.yaml"), "k: v\n");
        assertEquals("v", YamlTree.read(dir.resolve("h.yaml"), new Errors("h.yaml")).get("k").text("-"));
    }
}
