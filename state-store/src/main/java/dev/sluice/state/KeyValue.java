package dev.sluice.state;

import static java.util.Objects.requireNonNull;

/** One entry returned by a scan. The arrays belong to the caller; the store keeps no reference to them. */
public record KeyValue(byte[] key, byte[] value) {
    public KeyValue {
        requireNonNull(key, "key is null");
        requireNonNull(value, "value is null");
    }
}
