package org.opensbc.core.json;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class JsonTest {

    record View(String text, Instant at, long count, boolean flag, List<String> items) {
    }

    @Test
    void recordsAreCompactInDeclarationOrderWithNullsAndIsoInstants() {
        assertEquals("{\"text\":null,\"at\":\"2026-11-21T10:00:17.500Z\",\"count\":3,\"flag\":true,\"items\":[\"a\",\"b\"]}",
                Json.write(new View(null, Instant.parse("2026-11-21T10:00:17.5Z"), 3, true, List.of("a", "b"))));
    }

    @Test
    void controlCharactersTakeTheLongLowercaseFormAndNonAsciiStaysAsItIs() {
        assertEquals("{\"text\":\"a\\\"b\\\\c\\u000a\\u0009\\u001f/é\",\"at\":null,\"count\":0,\"flag\":false,\"items\":[]}",
                Json.write(new View("a\"b\\c\n\t\u001f/é", null, 0, false, List.of())));
    }

    @Test
    void aLineEndsWithANewline() {
        assertEquals("[]\n", Json.line(List.of()));
    }
}
