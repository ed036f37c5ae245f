package org.opensbc.core.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;
import java.util.Random;

import org.junit.jupiter.api.Test;
import org.opensbc.core.config.GatewayConfig.UserEntry;
import org.opensbc.rules.yaml.Errors;

/** The fast reader gives what the YAML path gives, or declines; it never accepts a file with a mistake. */
class PlainUsersReaderTest {

    private static List<UserEntry> yaml(String text) {
        Errors errors = new Errors("users.yaml");
        List<UserEntry> users = UsersFileLoader.readYaml(text, errors);
        return errors.isEmpty() ? users : null;
    }

    @Test
    void theUsualShapeIsReadFastAndAsTheYamlPathReadsIt() {
        String text = """
                # the gateway's users
                users:
                  - username: alice
                    password: s3cret-pass

                  - username: bob
                    ha1: 0123456789ABCDEF0123456789abcdef   
                  # a demo user: password generated at first start
                  - username: demo
                  - password: p@ss/w0rd+=x
                    username: carol.x_y~1
                """;
        Optional<List<UserEntry>> fast = PlainUsersReader.read(text);
        assertTrue(fast.isPresent(), "read without SnakeYAML");
        assertEquals(yaml(text), fast.get());
        assertEquals(4, fast.get().size());
        assertEquals("0123456789abcdef0123456789abcdef", fast.get().get(1).ha1(), "lower-cased, as the YAML path does");
    }

    @Test
    void aGeneratedDirectoryOfManyUsersAgrees() {
        Random random = new Random(7);
        StringBuilder text = new StringBuilder("users:\n");
        for (int i = 0; i < 2_000; i++) {
            text.append("    - username: u").append(i).append('\n');
            if (random.nextBoolean()) {
                text.append("      password: pw-").append(Long.toHexString(random.nextLong())).append('\n');
            } else {
                text.append("      ha1: ").append(String.format("%016x%016x", random.nextLong(), random.nextLong()))
                        .append('\n');
            }
        }
        Optional<List<UserEntry>> fast = PlainUsersReader.read(text.toString());
        assertTrue(fast.isPresent());
        assertEquals(yaml(text.toString()), fast.get());
    }

    /** Shapes it leaves to the YAML path: valid YAML it is not sure of, and files with mistakes. */
    @Test
    void anythingElseIsLeftToTheYamlPath() {
        String[] declined = {
            "users: []\n",
            "users:\n",
            "users:\n  - {username: alice, password: s3cret-pass}\n",
            "users:\n  - username: \"alice\"\n    password: 's3cret pass'\n",
            "users:\n  - username: alice\n    password: s3cret-pass # a comment\n",
            "users:\n  - username: alice\n    password: abc#defghij\n",
            "users:\n- username: alice\n  password: s3cret-pass\n",
            "users:\r\n  - username: alice\r\n    password: s3cret-pass\r\n",
            "users:\n\t- username: alice\n",
            "users:\n  - username: alice\n     password: s3cret-pass\n",
            "users:\n  - username: alice\n    password: s3cret-pass\n   - username: bob\n",
            "---\nusers:\n  - username: alice\n",
            "\uFEFFusers:\n  - username: alice\n",
            "users:\n  - username: alice\n    password:\n",
            "users:\n  - username: alice\n    passwd: s3cret-pass\n",
            "users:\n  - username: alice\nrealm: x\n",
            "users:\n  - username: alice\n    password: s3cret-pass\n    password: other-pass\n",
            // mistakes the YAML path reports with their line and column
            "users:\n  - username: alice\n    password: short\n",
            "users:\n  - username: alice\n  - username: alice\n",
            "users:\n  - username: alice\n    password: s3cret-pass\n    ha1: 0123456789abcdef0123456789abcdef\n",
            "users:\n  - username: alice\n    ha1: 0123\n",
            "users:\n  - password: s3cret-pass\n",
            "users:\n  - username: " + "a".repeat(65) + "\n",
            "users:\n  - username: al/ice\n",
        };
        for (String text : declined) {
            assertEquals(Optional.empty(), PlainUsersReader.read(text), text);
        }
    }
}
