package org.opensbc.rules.parse;

import java.util.ArrayList;
import java.util.List;
import org.opensbc.rules.match.Cidr;
import org.opensbc.rules.yaml.YamlTree;

/** A list of networks in a rules file, each bad one reported where it stands. */
public final class Cidrs {

    private Cidrs() {
    }

    public static List<Cidr> read(YamlTree node) {
        List<Cidr> out = new ArrayList<>();
        for (YamlTree item : node.items()) {
            item.text().ifPresent(text -> {
                try {
                    out.add(Cidr.parse(text));
                } catch (IllegalArgumentException e) {
                    item.error(e.getMessage());
                }
            });
        }
        return out;
    }
}
