package dev.sluice.driver.query;

import static java.util.Objects.requireNonNull;

import dev.sluice.driver.cluster.Master;
import java.util.Optional;

/**
 * How to run a query.
 *
 * @param name the query's name in progress records (the SQL file's name)
 * @param master where the executors come from
 * @param checkpoint the checkpoint location; empty: a temporary one, deleted when the query ends cleanly
 * @param trigger when batches run
 */
public record QueryOptions(String name, Master master, Optional<String> checkpoint, Trigger trigger) {
    public QueryOptions {
        requireNonNull(name, "name is null");
        requireNonNull(master, "master is null");
        requireNonNull(checkpoint, "checkpoint is null");
        requireNonNull(trigger, "trigger is null");
    }
}
