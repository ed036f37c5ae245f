package org.opensbc.core.config;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Secret files: owner-only whatever was there before, replaced whole, nothing left beside them. */
class SecretFilesTest {

    @Test
    void aSecretFileIsOwnerOnlyEvenWhereAWorldReadableOneWas(@TempDir Path dir) throws Exception {
        Path token = dir.resolve("sub").resolve("admin-token");
        SecretFiles.write(token, "first\n");
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(token)));

        Files.setPosixFilePermissions(token, PosixFilePermissions.fromString("rw-r--r--"));
        SecretFiles.write(token, "second\n");
        assertEquals("second\n", Files.readString(token));
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(token)),
                "a new file took its place, not the old one rewritten");
        try (var files = Files.list(token.getParent())) {
            assertEquals(List.of(token), files.toList(), "no temporary file left");
        }
    }
}
