package dev.sluice.connector.datagen;

import java.time.Instant;
import java.time.InstantSource;

/** A clock that moves only when a test says so, so that rate tests need no sleeping. */
final class ManualClock implements InstantSource {
    private long millis;

    ManualClock(long startMillis) {
        this.millis = startMillis;
    }

    void advance(long byMillis) {
        millis += byMillis;
    }

    @Override
    public Instant instant() {
        return Instant.ofEpochMilli(millis);
    }

    @Override
    public long millis() {
        return millis;
    }
}
