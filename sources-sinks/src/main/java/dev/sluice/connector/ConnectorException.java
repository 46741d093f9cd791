package dev.sluice.connector;

/** A connector cannot do what the query asks: a bad option, an unreachable location, an unsupported type. */
public class ConnectorException extends RuntimeException {
    public ConnectorException(String message) {
        super(message);
    }

    public ConnectorException(String message, Throwable cause) {
        super(message, cause);
    }
}
