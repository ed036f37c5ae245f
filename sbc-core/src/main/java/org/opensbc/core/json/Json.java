package org.opensbc.core.json;

import com.fasterxml.jackson.core.JsonFactoryBuilder;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.json.JsonWriteFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.ser.std.ToStringSerializer;
import java.io.UncheckedIOException;
import java.time.Instant;

/**
 * The gateway's one JSON mapper (admin views, CDR lines), configured here and nowhere else:
 * compact, record components in declaration order, nulls written as null, {@link Instant}s as
 * ISO-8601 text, control characters escaped as {@link ControlCharacterEscapes} says (the bytes
 * operators' CDR readers have always seen). Views are records; the mapper is thread-safe once built.
 */
public final class Json {

    private static final ObjectMapper MAPPER = JsonMapper.builder(new JsonFactoryBuilder()
                    .characterEscapes(new ControlCharacterEscapes())
                    .disable(JsonWriteFeature.WRITE_HEX_UPPER_CASE)
                    .build())
            .enable(JsonGenerator.Feature.WRITE_BIGDECIMAL_AS_PLAIN)
            .addModule(new SimpleModule("opensbc").addSerializer(Instant.class, ToStringSerializer.instance))
            .build();

    private Json() {
    }

    /** {@code value} as one line of compact JSON. */
    public static String write(Object value) {
        try {
            return MAPPER.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            // only a view that is not a plain record of strings, numbers and lists gets here: a bug
            throw new UncheckedIOException("cannot write " + value.getClass().getName() + " as JSON", e);
        }
    }

    /** {@link #write} followed by a newline, as the admin API answers. */
    public static String line(Object value) {
        return write(value) + "\n";
    }
}
