package org.opensbc.core.routing;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.opensbc.core.trunk.TrunkDirectory;
import org.opensbc.rules.Environment;
import org.opensbc.rules.Evaluation;
import org.opensbc.rules.RequestFacts;
import org.opensbc.rules.RoutingFile;
import org.opensbc.rules.RuleSet;
import org.opensbc.rules.RulesException;
import org.opensbc.rules.Router;
import org.opensbc.rules.model.TrunkSpec;

/**
 * The routing rules and the trunks they name, in force as one unit from routing.yaml (or the
 * built-in rules when there is none), reloadable through {@link #file()}. A call routed before a
 * swap keeps the rules and trunks it was given.
 */
public final class RoutingTable implements Router {

    /** Rules and the trunks they name, resolved. */
    public record Snapshot(RuleSet rules, TrunkDirectory trunks) { }

    private final TrunkSpec defaultTrunk;
    private final Environment environment;
    private final PolicyFile<Snapshot> file;
    /** routing.yaml's directory: relative file names in it (trunk CA files) are read from there. */
    private final Path baseDir;
    /** The gateway listens on TLS (TLS trunks need it). */
    private final boolean tlsListener;
    private final org.opensbc.core.trunk.ClusterCallCount cluster;

    /**
     * @param defaultTrunk sbc.yaml's trunk (named "default"), or null
     * @param tlsListener  sbc.yaml's sip.tls.enabled: without it TLS trunks are refused
     * @throws RulesException the file's mistakes: the gateway does not start on bad rules
     */
    public RoutingTable(Path path, TrunkSpec defaultTrunk, Environment environment, boolean tlsListener)
            throws RulesException {
        this(path, defaultTrunk, environment, tlsListener, null);
    }

    /** @param cluster counts trunks' calls over the nodes sharing a store; null: this node alone */
    public RoutingTable(Path path, TrunkSpec defaultTrunk, Environment environment, boolean tlsListener,
            org.opensbc.core.trunk.ClusterCallCount cluster) throws RulesException {
        this.cluster = cluster;
        this.defaultTrunk = defaultTrunk;
        this.environment = environment;
        this.tlsListener = tlsListener;
        this.baseDir = path.toAbsolutePath().getParent();
        this.file = new PolicyFile<>(path, this::parse, this::builtIn);
    }

    @Override
    public Evaluation route(RequestFacts facts) {
        return current().rules().evaluate(facts, environment);
    }

    public Snapshot current() {
        return file.current();
    }

    public Environment environment() {
        return environment;
    }

    public PolicyFile<Snapshot> file() {
        return file;
    }

    /** The digest password in force of each trunk that has one, by trunk name. */
    public java.util.Map<String, String> passwordsInForce() {
        java.util.Map<String, String> out = new java.util.HashMap<>();
        for (org.opensbc.core.trunk.Trunk t : current().trunks().all()) {
            if (t.spec().digest() != null) {
                out.put(t.name(), t.spec().digest().password());
            }
        }
        return out;
    }

    /** Trunk names rules may use: the file's, and sbc.yaml's default trunk. */
    public Set<String> trunkNames() {
        Set<String> names = new java.util.LinkedHashSet<>();
        current().trunks().all().forEach(t -> names.add(t.name()));
        return names;
    }

    private Snapshot parse(String text, String fileName, Snapshot previous) throws RulesException {
        return resolve(RoutingFile.parse(text, fileName, externalTrunks(), baseDir), previous, fileName);
    }

    private Snapshot builtIn() {
        try {
            return resolve(DefaultRules.of(defaultTrunk == null ? null : defaultTrunk.name()), null, "sbc.yaml");
        } catch (RulesException e) {
            throw new IllegalStateException(e.getMessage(), e); // sbc.yaml's trunk resolved when it was loaded
        }
    }

    private Set<String> externalTrunks() {
        return defaultTrunk == null ? Set.of() : Set.of(defaultTrunk.name());
    }

    /** Resolves the trunks' hosts, carrying live state over from {@code previous}. */
    private Snapshot resolve(RuleSet rules, Snapshot previous, String fileName) throws RulesException {
        List<TrunkSpec> specs = new ArrayList<>();
        if (defaultTrunk != null) {
            specs.add(defaultTrunk);
        }
        specs.addAll(rules.trunks().values());
        return new Snapshot(rules, TrunkDirectory.build(specs, previous == null ? TrunkDirectory.empty() : previous.trunks(),
                fileName, tlsListener, cluster));
    }
}
