package org.opensbc.core.routing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.opensbc.core.trunk.TrunkDirectory;
import org.opensbc.rules.Environment;
import org.opensbc.rules.Evaluation;
import org.opensbc.rules.RequestFacts;
import org.opensbc.rules.RoutingFile;
import org.opensbc.rules.RuleError;
import org.opensbc.rules.RuleSet;
import org.opensbc.rules.RulesException;
import org.opensbc.rules.Router;
import org.opensbc.rules.model.TrunkSpec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The routing rules and trunks in force, swapped whole and atomically: a reload (file change,
 * admin API) parses, validates and resolves the new file first, and a file with any mistake
 * leaves the running rules untouched. A call routed before a swap keeps what it was given.
 */
public final class RoutingTable implements Router {

    private static final Logger LOG = LoggerFactory.getLogger(RoutingTable.class);

    /** Rules and the trunks they name, as one unit. */
    public record Snapshot(RuleSet rules, TrunkDirectory trunks, long version, Instant loadedAt) { }

    /** What a reload did: the new version, or the mistakes that kept the old one. */
    public record Outcome(boolean applied, long version, List<RuleError> errors) { }

    private final Path file;
    private final TrunkSpec defaultTrunk;
    private final Environment environment;
    private final AtomicReference<Snapshot> current = new AtomicReference<>();
    private final AtomicLong reloads = new AtomicLong();
    private final AtomicLong failedReloads = new AtomicLong();

    /**
     * Loads {@code file}, or the built-in rules when it does not exist.
     *
     * @param defaultTrunk sbc.yaml's trunk (named "default"), or null
     * @throws RulesException the file's mistakes: the gateway does not start on bad rules
     */
    public RoutingTable(Path file, TrunkSpec defaultTrunk, Environment environment) throws RulesException {
        this.file = file;
        this.defaultTrunk = defaultTrunk;
        this.environment = environment;
        current.set(build(read(), TrunkDirectory.empty(), 1));
    }

    @Override
    public Evaluation route(RequestFacts facts) {
        return current.get().rules().evaluate(facts, environment);
    }

    public Snapshot current() {
        return current.get();
    }

    public Environment environment() {
        return environment;
    }

    public Path file() {
        return file;
    }

    public long reloads() {
        return reloads.get();
    }

    public long failedReloads() {
        return failedReloads.get();
    }

    /** Reads the file again; on any mistake the running rules stay. */
    public synchronized Outcome reload() {
        try {
            return swap(read());
        } catch (RulesException e) {
            return refused(e);
        }
    }

    /** Validates {@code text} as routing.yaml without applying it. */
    public List<RuleError> validate(String text) {
        try {
            build(RoutingFile.parse(text, file.getFileName().toString(), externalTrunks()), current.get().trunks(), 0);
            return List.of();
        } catch (RulesException e) {
            return e.errors();
        }
    }

    /** Validates {@code text}, then writes it to the file (atomically) and puts it in force. */
    public synchronized Outcome apply(String text) {
        try {
            RuleSet rules = RoutingFile.parse(text, file.getFileName().toString(), externalTrunks());
            Snapshot next = build(rules, current.get().trunks(), current.get().version() + 1);
            Path temporary = file.resolveSibling(file.getFileName() + ".new");
            Files.writeString(temporary, text, StandardCharsets.UTF_8);
            Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            return installed(next);
        } catch (RulesException e) {
            return refused(e);
        } catch (IOException e) {
            return refused(new RulesException(List.of(new RuleError(file.toString(), 0, 0, "cannot write: " + e.getMessage()))));
        }
    }

    private Outcome swap(RuleSet rules) throws RulesException {
        return installed(build(rules, current.get().trunks(), current.get().version() + 1));
    }

    private Outcome installed(Snapshot next) {
        current.set(next);
        reloads.incrementAndGet();
        LOG.info("routing rules version {} in force: {} rules, {} trunks, from {}", next.version(),
                next.rules().rules().size(), next.trunks().all().size(), next.rules().source());
        return new Outcome(true, next.version(), List.of());
    }

    private Outcome refused(RulesException e) {
        failedReloads.incrementAndGet();
        LOG.error("routing rules NOT reloaded, version {} stays in force:\n{}", current.get().version(), e.getMessage());
        return new Outcome(false, current.get().version(), e.errors());
    }

    private RuleSet read() throws RulesException {
        if (!Files.exists(file)) {
            return DefaultRules.of(defaultTrunk == null ? null : defaultTrunk.name());
        }
        return RoutingFile.load(file, externalTrunks());
    }

    private Set<String> externalTrunks() {
        return defaultTrunk == null ? Set.of() : Set.of(defaultTrunk.name());
    }

    private Snapshot build(RuleSet rules, TrunkDirectory previous, long version) throws RulesException {
        List<TrunkSpec> specs = new ArrayList<>();
        if (defaultTrunk != null) {
            specs.add(defaultTrunk);
        }
        specs.addAll(rules.trunks().values());
        return new Snapshot(rules, TrunkDirectory.build(specs, previous, file.toString()), version, Instant.now());
    }
}
