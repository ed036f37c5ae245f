package org.opensbc.bench;

/**
 * routing.yaml text for benchmarks: a few everyday rules, then N distinct dialled-prefix rules
 * (a carrier's rate table) to one trunk, then the registered users.
 *
 *   java -cp ... org.opensbc.bench.RulesFileGenerator N [TRUNK]   prints the file
 */
public final class RulesFileGenerator {

    private RulesFileGenerator() {
    }

    public static void main(String[] args) {
        String trunk = args.length > 1 ? args[1] : null;
        java.io.PrintStream out = new java.io.PrintStream(new java.io.FileOutputStream(java.io.FileDescriptor.out), false,
                java.nio.charset.StandardCharsets.UTF_8);
        out.print(prefixTable(Integer.parseInt(args[0]), trunk));
        out.flush();
    }

    /** The i-th prefix of the table: "+1" and seven digits, distinct, none a prefix of another. */
    static String prefix(int i) {
        return "+1" + (2_000_000 + i);
    }

    static String prefixTable(int count) {
        return prefixTable(count, null);
    }

    /** @param externalTrunk route to this trunk (defined elsewhere, e.g. sbc.yaml's "default"); null: define one */
    static String prefixTable(int count, String externalTrunk) {
        String trunk = externalTrunk != null ? externalTrunk : "carrier";
        StringBuilder b = new StringBuilder(count * 96 + 1024);
        if (externalTrunk == null) {
            b.append("trunks:\n  - { name: carrier, host: 127.0.0.1, port: 5070 }\n");
        }
        b.append("rules:\n");
        b.append("  - name: emergency\n    match: { requestUser: { exact: [\"112\", \"911\"] } }\n    route: { trunk: ")
                .append(trunk).append(" }\n");
        b.append("  - name: block-premium\n    match: { requestUser: { prefix: [\"+1900\", \"+1976\"] } }\n")
                .append("    reject: { code: 403 }\n");
        b.append("  - name: scanners\n    match: { header: { name: User-Agent, regex: \"(?i).*friendly-scanner.*\" } }\n")
                .append("    reject: { code: 403 }\n");
        b.append("  - name: local-users\n    match: { requestDomain: local, requestUser: { known: true } }\n")
                .append("    route: { user: true }\n");
        for (int i = 0; i < count; i++) {
            b.append("  - name: p").append(i).append("\n    match: { requestUser: { prefix: \"").append(prefix(i))
                    .append("\" } }\n    route: { trunk: ").append(trunk).append(" }\n");
        }
        return b.toString();
    }
}
