package dev.sluice.driver.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class MasterTest {
    @Test
    void parsesEachForm() {
        assertEquals(new Master.Local(3), Master.parse("local[3]"));
        assertEquals(Master.defaultMaster(), Master.parse("local"));
        assertEquals(Master.defaultMaster(), Master.parse("local[*]"));
        assertEquals(new Master.LocalCluster(2), Master.parse("local-cluster[2]"));
        assertEquals(new Master.Remote("10.0.0.5", 7077), Master.parse("10.0.0.5:7077"));
        assertEquals(new Master.Remote("driver.example", 7077), Master.parse("driver.example:7077"));
    }

    @Test
    void refusesWhatItCannotRead() {
        assertEquals("--master: expected local[N], local-cluster[N] or host:port, got 'yarn'",
                assertThrows(IllegalArgumentException.class, () -> Master.parse("yarn")).getMessage());
        assertEquals("--master: the number of executors must be from 1 to 2147483647, got 'local[0]'",
                assertThrows(IllegalArgumentException.class, () -> Master.parse("local[0]")).getMessage());
    }
}
