package org.opensbc.core.trunk;

/**
 * Calls on a trunk counted over every gateway node sharing a state store, so a trunk's
 * {@code maxCalls} holds for the cluster, not per node.
 */
@FunctionalInterface
public interface ClusterCallCount {

    /**
     * Adds {@code delta} to this node's calls on {@code trunk}.
     *
     * @return the calls on it over all live nodes, this node's change included (other nodes'
     *         shares as last refreshed, a few seconds old at most)
     */
    long add(String trunk, int delta);
}
