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
}
