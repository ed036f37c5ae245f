package org.opensbc.core.routing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.opensbc.rules.RuleError;
import org.opensbc.rules.RulesException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An operator-edited policy file (routing.yaml, acl.yaml) and the policy in force from it. Every
 * change (reload from disk, text applied through the admin API) is parsed and validated whole
 * first; only a clean result is swapped in, atomically, and a file with any mistake leaves the
 * running policy as it was (logged, counted). Readers get the current policy lock-free.
 *
 * @param <T> the parsed policy
 */
public final class PolicyFile<T> {

    private static final Logger LOG = LoggerFactory.getLogger(PolicyFile.class);

    /** Reads a policy from text; {@code previous} is the one in force (to carry live state over). */
    @FunctionalInterface
    public interface Parser<T> {
        T parse(String text, String fileName, T previous) throws RulesException;
    }

    /** What a reload or apply did: the version in force after it, and the mistakes if it was refused. */
    public record Outcome(boolean applied, long version, List<RuleError> errors) { }

    private final Path file;
    private final Parser<T> parser;
    /** The policy when the file does not exist. */
    private final java.util.function.Supplier<T> whenMissing;
    private final AtomicReference<T> current = new AtomicReference<>();
    private final AtomicLong version = new AtomicLong();
    private final AtomicLong reloads = new AtomicLong();
    private final AtomicLong failures = new AtomicLong();

    /** Loads the file (or the defaults); @throws RulesException its mistakes, at start */
    public PolicyFile(Path file, Parser<T> parser, java.util.function.Supplier<T> whenMissing) throws RulesException {
        this.file = file;
        this.parser = parser;
        this.whenMissing = whenMissing;
        current.set(read(null));
        version.set(1);
    }

    public T current() {
        return current.get();
    }

    public long version() {
        return version.get();
    }

    public Path file() {
        return file;
    }

    public long reloads() {
        return reloads.get();
    }

    public long failures() {
        return failures.get();
    }

    /** The file's text, or null when it does not exist (the built-in policy is in force). */
    public String text() throws IOException {
        return Files.exists(file) ? Files.readString(file, StandardCharsets.UTF_8) : null;
    }

    /** Reads the file again; any mistake keeps the running policy. */
    public synchronized Outcome reload() {
        try {
            return installed(read(current.get()));
        } catch (RulesException e) {
            return refused(e);
        }
    }

    /** The mistakes {@code text} would have as this file (none: it could be applied). */
    public List<RuleError> validate(String text) {
        try {
            parser.parse(text, file.getFileName().toString(), current.get());
            return List.of();
        } catch (RulesException e) {
            return e.errors();
        }
    }

    /**
     * Validates {@code text}, then writes it to the file (atomically, readable by the gateway's
     * user only: routing.yaml holds trunk passwords) and puts it in force.
     */
    public synchronized Outcome apply(String text) {
        try {
            T next = parser.parse(text, file.getFileName().toString(), current.get());
            org.opensbc.core.config.SecretFiles.write(file, text);
            return installed(next);
        } catch (RulesException e) {
            return refused(e);
        } catch (IOException e) {
            return refused(new RulesException(List.of(new RuleError(file.toString(), 0, 0, "cannot write: " + e.getMessage()))));
        }
    }

    private T read(T previous) throws RulesException {
        if (!Files.exists(file)) {
            return whenMissing.get();
        }
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new RulesException(List.of(new RuleError(file.toString(), 0, 0, "cannot read: " + e.getMessage())));
        }
        return parser.parse(text, file.toString(), previous);
    }

    private Outcome installed(T next) {
        current.set(next);
        long v = version.incrementAndGet();
        reloads.incrementAndGet();
        LOG.info("{} version {} in force", file.getFileName(), v);
        return new Outcome(true, v, List.of());
    }

    private Outcome refused(RulesException e) {
        failures.incrementAndGet();
        LOG.error("{} NOT reloaded, version {} stays in force:\n{}", file.getFileName(), version.get(), e.getMessage());
        return new Outcome(false, version.get(), e.errors());
    }
}
