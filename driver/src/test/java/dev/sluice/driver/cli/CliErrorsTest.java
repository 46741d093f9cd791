package dev.sluice.driver.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sluice.driver.testing.Jobs;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A failed command prints one clear line (what, where) and exits non-zero. */
class CliErrorsTest {
    @TempDir
    Path directory;

    @Test
    void aMissingFileIsNamed() {
        Jobs.Run run = Jobs.cli("sql", "-f", directory.resolve("nope.sql").toString());
        assertEquals(1, run.exitCode());
        assertEquals("sluice: no such file: " + directory.resolve("nope.sql") + "\n", run.err());
    }

    @Test
    void aBadOptionValueIsAUsageError() throws IOException {
        Path job = Files.writeString(directory.resolve("job.sql"), Jobs.datagenToCsv(10, 10, directory));
        Jobs.Run run = Jobs.cli("sql", "-f", job.toString(), "--trigger", "sometimes");
        assertEquals(2, run.exitCode());
        assertTrue(run.err().startsWith("sluice: --trigger: expected available-now, once or"), run.err());
        assertEquals(2, Jobs.cli("sql", "-f", job.toString(), "--master", "yarn").exitCode());
        assertEquals(2, Jobs.cli("sql").exitCode());
    }

    @Test
    void aSqlErrorNamesTheFileLineAndColumn() throws IOException {
        Path job = Files.writeString(directory.resolve("job.sql"), Jobs.datagenToCsv(10, 10, directory.resolve("o"))
                .replace("SELECT * FROM numbers", "SELECT * FROM numbrs"));
        Jobs.Run run = Jobs.cli("sql", "-f", job.toString());
        assertEquals(1, run.exitCode());
        assertTrue(run.err().startsWith("sluice: " + job + ":6:34: unknown table 'numbrs'"), run.err());
        assertTrue(run.err().contains("numbrs"), run.err());
    }

    @Test
    void aFunctionThisBuildCannotRunIsNamedWithItsPosition() throws IOException {
        Path job = Files.writeString(directory.resolve("job.sql"), Jobs.datagenToCsv(10, 10, directory.resolve("o"))
                .replace("SELECT * FROM numbers", "SELECT id, name FROM numbers WHERE POWER(id, 2) > 3"));
        Jobs.Run run = Jobs.cli("sql", "-f", job.toString());
        assertEquals(1, run.exitCode());
        assertTrue(run.err().startsWith("sluice: " + job + ":6:"), run.err());
        assertTrue(run.err().contains("function POWER is not supported"), run.err());
    }

    @Test
    void aMisspeltConnectorOptionPointsAtTheTable() throws IOException {
        Path job = Files.writeString(directory.resolve("job.sql"), Jobs.datagenToCsv(10, 10, directory.resolve("o"))
                .replace("'rows-per-batch'", "'rows-per-bach'"));
        Jobs.Run run = Jobs.cli("sql", "-f", job.toString());
        assertEquals(1, run.exitCode());
        assertTrue(run.err().startsWith("sluice: " + job + ":"), run.err());
        assertTrue(run.err().contains("rows-per-bach"), run.err());
    }
}
