package org.opensbc.rules.model;

import java.util.List;

/**
 * Trunks tried for one route. FAILOVER tries them in the listed order; WEIGHTED picks the first
 * at random in proportion to the weights, then fails over through the rest in the same way.
 */
public record TrunkGroup(String name, Strategy strategy, List<Member> members) {

    public enum Strategy { FAILOVER, WEIGHTED }

    public record Member(String trunk, int weight) { }
}
