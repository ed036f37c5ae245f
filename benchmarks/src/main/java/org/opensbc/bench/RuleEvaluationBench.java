package org.opensbc.bench;

import java.util.Random;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.opensbc.rules.Environment;
import org.opensbc.rules.Evaluation;
import org.opensbc.rules.RequestFacts;
import org.opensbc.rules.RoutingFile;
import org.opensbc.rules.RuleSet;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Routing one INVITE with N prefix rules loaded (a carrier's rate table: one rule per dialled
 * prefix), from routing.yaml text parsed and validated as the gateway does. Each evaluation
 * routes a different number from the table's own prefixes plus a few that match none, with the
 * usual handful of non-prefix rules in front (emergency, premium block, a header rule, users).
 * Sample mode: each call is timed, so p50/p99 come out directly.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Xms2g", "-Xmx2g", "-XX:+UseZGC"})
public class RuleEvaluationBench {

    @Param({"10", "1000", "100000"})
    int rules;

    private RuleSet set;
    private RequestFacts[] requests;
    private int next;

    private static final Environment ENV = new Environment() {
        @Override
        public boolean isLocalDomain(String domain) {
            return domain.equals("sbc.example.com");
        }

        @Override
        public boolean isKnownUser(String user) {
            return user.equals("alice") || user.equals("bob");
        }
    };

    @Setup(Level.Trial)
    public void load() throws Exception {
        String text = RulesFileGenerator.prefixTable(rules);
        long start = System.nanoTime();
        set = RoutingFile.parse(text, "routing.yaml", Set.of());
        java.io.PrintStream out = new java.io.PrintStream(new java.io.FileOutputStream(java.io.FileDescriptor.out), true,
                java.nio.charset.StandardCharsets.UTF_8);
        out.printf("%n# %d prefix rules: %.1f MB of YAML, parsed and validated in %d ms%n", rules,
                text.length() / 1e6, (System.nanoTime() - start) / 1_000_000);
        Random random = new Random(1);
        requests = new RequestFacts[4096];
        for (int i = 0; i < requests.length; i++) {
            String number = random.nextInt(10) == 0 ? "+9" + (1_000_000 + random.nextInt(9_000_000)) // no prefix
                    : RulesFileGenerator.prefix(random.nextInt(rules)) + (1000 + random.nextInt(9000));
            requests[i] = RequestFacts.builder("INVITE").source("198.51.100.7", "udp").authenticated(true)
                    .request(number, "sbc.example.com").from("alice", "sbc.example.com").to(number, "sbc.example.com")
                    .header("User-Agent", "JsSIP 3.13.8").build();
        }
    }

    @Benchmark
    public Evaluation route() {
        RequestFacts facts = requests[next++ & (requests.length - 1)];
        return set.evaluate(facts, ENV);
    }
}
