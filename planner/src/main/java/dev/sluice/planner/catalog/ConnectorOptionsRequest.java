package dev.sluice.planner.catalog;

import static java.util.Objects.requireNonNull;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * What {@link ConnectorOptionsValidator} checks: one table in one role.
 *
 * @param tableName the table's name as declared
 * @param connector the value of its {@code connector} option
 * @param options every {@code WITH} option, {@code connector} included, in declared order
 * @param schema the physical columns (what the connector reads or writes)
 * @param role whether the script reads the table or writes it
 */
public record ConnectorOptionsRequest(String tableName, String connector, Map<String, String> options,
        Schema schema, TableRole role) {
    public ConnectorOptionsRequest {
        requireNonNull(tableName, "tableName is null");
        requireNonNull(connector, "connector is null");
        options = Collections.unmodifiableMap(new LinkedHashMap<>(requireNonNull(options, "options is null")));
        requireNonNull(schema, "schema is null");
        requireNonNull(role, "role is null");
    }
}
