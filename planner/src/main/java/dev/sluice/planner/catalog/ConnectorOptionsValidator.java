package dev.sluice.planner.catalog;

/**
 * Checks a table's connector options for the role the script gives it, so that a misspelt option is reported at the
 * table's DDL before anything runs. The planner knows no connector itself: the engine passes one that asks the
 * connector registry.
 */
@FunctionalInterface
public interface ConnectorOptionsValidator {
    /** Accepts every option; for scripts that are only parsed and planned. */
    ConnectorOptionsValidator ACCEPT_ALL = request -> { };

    /**
     * Checks one table in one role.
     *
     * @throws InvalidConnectorOptionsException when the options are wrong (an unknown connector or option, a
     *     missing required option, a bad value); the catalog turns it into a located error
     */
    void validate(ConnectorOptionsRequest request);

    /**
     * Whether the sink table of {@code request} (role {@link TableRole#SINK}, options already validated) can take
     * update and complete output, where a row may replace one written before. The planner refuses those output
     * modes into a sink that cannot. True by default, so that validators written before this existed keep
     * compiling; the engine's asks the connector.
     */
    default boolean sinkAcceptsUpdates(ConnectorOptionsRequest request) {
        return true;
    }
}
