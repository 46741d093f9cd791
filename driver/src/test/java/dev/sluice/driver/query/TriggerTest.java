package dev.sluice.driver.query;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class TriggerTest {
    @Test
    void parsesEachTrigger() {
        assertEquals(new Trigger.AvailableNow(), Trigger.parse("available-now"));
        assertEquals(new Trigger.Once(), Trigger.parse("once"));
        assertEquals(new Trigger.ProcessingTime(Duration.ZERO), Trigger.parse("processing-time=0"));
        assertEquals(new Trigger.ProcessingTime(Duration.ofSeconds(10)), Trigger.parse("processing-time=10s"));
        assertEquals(new Trigger.ProcessingTime(Duration.ofMillis(500)), Trigger.parse("processing-time=500ms"));
        assertEquals(new Trigger.ProcessingTime(Duration.ofMinutes(1)), Trigger.parse("processing-time=1 minute"));
        assertEquals(new Trigger.ProcessingTime(Duration.ofHours(2)), Trigger.parse("processing-time=2 hours"));
        assertEquals(Trigger.DEFAULT, Trigger.parse("processing-time=0"));
    }

    @Test
    void refusesWhatItCannotRead() {
        assertEquals("--trigger: expected available-now, once or processing-time=<interval> (for example"
                + " processing-time=10s), got 'sometimes'",
                assertThrows(IllegalArgumentException.class, () -> Trigger.parse("sometimes")).getMessage());
        assertEquals("--trigger: cannot read the interval '10 fortnights' in 'processing-time=10 fortnights';"
                + " write it like 0, 500ms, 10s, 1 minute or 2 hours",
                assertThrows(IllegalArgumentException.class,
                        () -> Trigger.parse("processing-time=10 fortnights")).getMessage());
    }
}
