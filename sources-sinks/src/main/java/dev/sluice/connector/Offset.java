package dev.sluice.connector;

/**
 * A position in a source, defined by the connector and opaque to the engine (which stores it in
 * {@code offsets/<N>} and hands it back). Two offsets are equal when their JSON is equal.
 */
public interface Offset {
    /** This offset as one line of JSON (no line breaks); {@link Source#offsetFromJson} reads it back. */
    String json();
}
