package dev.sluice.checkpoint;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class QueryMetadataFileTest {
    @TempDir
    Path root;

    @Test
    void theIdIsCreatedOnceAndReadBackByLaterRuns() throws Exception {
        PublishOnceStore store = new LocalPublishOnceStore(root);
        assertEquals(Optional.empty(), QueryMetadataFile.read(store));

        QueryMetadata created = QueryMetadataFile.loadOrCreate(store);

        assertEquals(created, QueryMetadataFile.loadOrCreate(new LocalPublishOnceStore(root)));
        List<String> lines = Files.readString(root.resolve("metadata"), UTF_8).lines().toList();
        assertEquals("sluice-metadata v1", lines.get(0));
        assertEquals("{\"id\":\"" + created.id() + "\"}", lines.get(1));
        assertTrue(lines.get(2).matches("crc32c [0-9a-f]{8}"), lines.get(2));
    }

    @Test
    void runsRacingToCreateTheMetadataAllEndUpWithTheSameId() throws Exception {
        int runs = 8;
        ExecutorService threads = Executors.newFixedThreadPool(runs);
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<QueryMetadata>> results = new ArrayList<>();
            for (int run = 0; run < runs; run++) {
                results.add(threads.submit(() -> {
                    start.await();
                    return QueryMetadataFile.loadOrCreate(new LocalPublishOnceStore(root));
                }));
            }
            start.countDown();
            Set<QueryMetadata> seen = new HashSet<>();
            for (Future<QueryMetadata> result : results) {
                seen.add(result.get());
            }

            assertEquals(1, seen.size(), seen.toString());
            assertEquals(seen.iterator().next(), QueryMetadataFile.read(new LocalPublishOnceStore(root)).orElseThrow());
        } finally {
            threads.shutdownNow();
        }
    }

    @Test
    void anIdThatIsNotAUuidIsRefusedNamingTheFile() throws Exception {
        PublishOnceStore store = new LocalPublishOnceStore(root);
        store.publish("metadata", CheckpointFileFormat.encode("metadata", 1, List.of("{\"id\":\"query-1\"}")));

        CorruptCheckpointFileException error = assertThrows(CorruptCheckpointFileException.class,
                () -> QueryMetadataFile.loadOrCreate(store));

        assertEquals(root.resolve("metadata") + ": line 2: field 'id' is not a UUID: query-1", error.getMessage());
    }
}
