package dev.sluice.connector;

/**
 * One unit of a batch's input that one task reads, defined by the connector and opaque to the engine. It travels
 * to an executor as JSON, so it must carry everything the reader needs (the file names, the row range): an
 * executor does not share a disk or memory with the driver.
 */
public interface InputPartition {
    /** This partition as one line of JSON; {@link Source#partitionFromJson} reads it back. */
    String json();

    /** Executors that hold this partition's data locally, best first; empty when any executor will do. */
    default java.util.List<String> preferredLocations() {
        return java.util.List.of();
    }
}
