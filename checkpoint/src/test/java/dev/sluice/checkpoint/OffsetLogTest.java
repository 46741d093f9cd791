package dev.sluice.checkpoint;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OffsetLogTest {
    @TempDir
    Path root;

    private PublishOnceStore store;
    private OffsetLog offsets;

    @BeforeEach
    void openTheLog() {
        store = new LocalPublishOnceStore(root);
        offsets = new OffsetLog(store);
    }

    @Test
    void theFileIsReadableTextWithOffsetsEmbeddedAsJson() throws Exception {
        offsets.publish(new OffsetEntry(7, 1764028800000L, 1764028795000L, Map.of("key-groups", "128"), List.of(
                new SourceOffsets(0, "orders", "{\"row\":700}", "{\"row\":800}"),
                SourceOffsets.first(1, "customers", "[\"a.csv\",\"b.csv\"]"))));

        String text = Files.readString(root.resolve("offsets").resolve("7"), UTF_8);

        List<String> lines = text.lines().toList();
        assertEquals(List.of(
                "sluice-offsets v1",
                "{\"batchId\":7,\"batchTimestampMs\":1764028800000,\"watermarkMs\":1764028795000,"
                        + "\"settings\":{\"key-groups\":\"128\"}}",
                "{\"index\":0,\"name\":\"orders\",\"start\":{\"row\":700},\"end\":{\"row\":800}}",
                "{\"index\":1,\"name\":\"customers\",\"start\":null,\"end\":[\"a.csv\",\"b.csv\"]}"),
                lines.subList(0, 4));
        assertTrue(lines.get(4).matches("crc32c [0-9a-f]{8}"), lines.get(4));
        assertEquals(5, lines.size());
    }

    @Test
    void offsetsComeBackExactlyAsTheConnectorWroteThem() throws Exception {
        List<String> offsetTexts = List.of(
                "{\"topic\":{\"0\":12345678901234567890,\"1\":1e3,\"2\":-0.50}}",
                "[1, 2.0, \"three\", {\"four\": [null, true, false]}]",
                "\"a \\\"quoted\\\" string, with commas } and braces {\"",
                "42",
                "{\"unicode\":\"caf\u00e9 \u65e5\u672c \\u00e9\",\"escapes\":\"tab\\tnew\\nline\"}",
                "{ \"spaced\" : [ 1 , 2 ] }");
        for (int i = 0; i < offsetTexts.size(); i++) {
            String offset = offsetTexts.get(i);
            offsets.publish(new OffsetEntry(i, i, i, Map.of(), List.of(
                    new SourceOffsets(0, "first", offset, offset),
                    new SourceOffsets(1, "second", null, offset))));
        }

        OffsetLog reopened = new OffsetLog(store);
        for (int i = 0; i < offsetTexts.size(); i++) {
            OffsetEntry entry = reopened.get(i).orElseThrow();
            assertEquals(offsetTexts.get(i), entry.sources().get(0).startOffset());
            assertEquals(offsetTexts.get(i), entry.sources().get(0).endOffset());
            assertNull(entry.sources().get(1).startOffset());
            assertEquals(Optional.empty(), entry.sources().get(1).start());
            assertEquals(offsetTexts.get(i), entry.sources().get(1).endOffset());
        }
    }

    @Test
    void anEntryRoundTripsWithAllItsFields() throws Exception {
        OffsetEntry entry = new OffsetEntry(0, 1764028800123L, Long.MIN_VALUE, Map.of("b", "2", "a", "1"),
                List.of(SourceOffsets.first(3, "only", "{\"row\":1}")));

        offsets.publish(entry);

        assertEquals(entry, new OffsetLog(store).get(0).orElseThrow());
        assertEquals(Optional.of(entry), offsets.latest());
        assertEquals(Optional.of(entry.sources().get(0)), entry.source(3));
        assertEquals(Optional.empty(), entry.source(0));
    }

    @Test
    void prettyPrintedOffsetsAreStoredOnOneLine() throws Exception {
        SourceOffsets source = new SourceOffsets(0, "pretty", null, "{\n  \"row\": 5,\r\n  \"file\": \"x\"\n}\n");

        assertEquals("{   \"row\": 5,    \"file\": \"x\" }", source.endOffset());
        offsets.publish(new OffsetEntry(0, 0, 0, Map.of(), List.of(source)));
        assertEquals(source, offsets.get(0).orElseThrow().sources().get(0));
    }

    @Test
    void settingsInAnyOrderEncodeToTheSameBytes() {
        Map<String, String> forward = new LinkedHashMap<>();
        Map<String, String> backward = new LinkedHashMap<>();
        for (int i = 0; i < 20; i++) {
            forward.put("setting-" + i, Integer.toString(i));
            backward.put("setting-" + (19 - i), Integer.toString(19 - i));
        }

        assertEquals(OffsetLog.encode(new OffsetEntry(1, 2, 3, forward, List.of())),
                OffsetLog.encode(new OffsetEntry(1, 2, 3, new HashMap<>(backward), List.of())));
    }

    @Test
    void republishingTheLoggedEntryIsANoOpAndAnotherEntryIsAConflict() throws Exception {
        OffsetEntry entry = new OffsetEntry(0, 5, 0, Map.of(), List.of(SourceOffsets.first(0, "s", "1")));
        assertTrue(offsets.publish(entry));

        assertFalse(new OffsetLog(store).publish(entry));
        PublishConflictException conflict = assertThrows(PublishConflictException.class,
                () -> new OffsetLog(store).publish(new OffsetEntry(0, 6, 0, Map.of(), List.of())));
        assertEquals(root.resolve("offsets").resolve("0").toString(), conflict.file());
    }

    @Test
    void publishingPastTheNextBatchIsRefusedBecauseItWouldLeaveAGap() throws Exception {
        offsets.publish(new OffsetEntry(0, 0, 0, Map.of(), List.of()));

        IllegalStateException gap = assertThrows(IllegalStateException.class,
                () -> offsets.publish(new OffsetEntry(2, 0, 0, Map.of(), List.of())));

        assertEquals("cannot publish " + root.resolve("offsets").resolve("2") + ": the latest entry is "
                + root.resolve("offsets").resolve("0") + ", and batch ids must follow each other without a gap",
                gap.getMessage());
    }

    @Test
    void theLatestBatchIdIsListedOnceAndThenTracked() throws Exception {
        assertEquals(OptionalLong.empty(), offsets.latestBatchId());
        for (long batch = 0; batch < 3; batch++) {
            offsets.publish(new OffsetEntry(batch, 0, 0, Map.of(), List.of()));
        }
        assertEquals(OptionalLong.of(2), offsets.latestBatchId());

        // A file added behind the log's back is not seen until the log lists again: the per-batch path does not list.
        new BatchLog(store, OffsetLog.DIRECTORY, OffsetLog.KIND, OffsetLog.VERSION)
                .publish(3, OffsetLog.encode(new OffsetEntry(3, 0, 0, Map.of(), List.of())));
        assertEquals(OptionalLong.of(2), offsets.latestBatchId());
        assertEquals(List.of(0L, 1L, 2L, 3L), offsets.batchIds());
        assertEquals(OptionalLong.of(3), offsets.latestBatchId());
    }

    @Test
    void invalidOffsetsAreRefusedNamingTheSource() {
        IllegalArgumentException notJson = assertThrows(IllegalArgumentException.class,
                () -> new SourceOffsets(2, "orders", null, "{\"row\":"));
        assertTrue(notJson.getMessage().startsWith("end offset of source 2 (orders) is not valid JSON"),
                notJson.getMessage());

        IllegalArgumentException twoValues = assertThrows(IllegalArgumentException.class,
                () -> new SourceOffsets(2, "orders", "1 2", "3"));
        assertTrue(twoValues.getMessage().startsWith("start offset of source 2 (orders) holds more than one JSON"),
                twoValues.getMessage());

        assertThrows(IllegalArgumentException.class, () -> new SourceOffsets(0, "s", null, "null"));
        assertThrows(IllegalArgumentException.class, () -> new SourceOffsets(0, "s", "null", "1"));
        assertThrows(IllegalArgumentException.class, () -> new SourceOffsets(0, "s", null, "  "));
        assertThrows(IllegalArgumentException.class, () -> new SourceOffsets(-1, "s", null, "1"));
        assertThrows(NullPointerException.class, () -> new SourceOffsets(0, "s", null, null));
    }

    @Test
    void anEntryListingASourceTwiceIsRefused() {
        IllegalArgumentException twice = assertThrows(IllegalArgumentException.class,
                () -> new OffsetEntry(4, 0, 0, Map.of(), List.of(
                        SourceOffsets.first(1, "a", "1"), SourceOffsets.first(1, "b", "2"))));

        assertEquals("batch 4 lists source 1 more than once", twice.getMessage());
    }

    @Test
    void fieldsOfALaterVersionAreSkipped() throws Exception {
        new BatchLog(store, OffsetLog.DIRECTORY, OffsetLog.KIND, OffsetLog.VERSION).publish(0, List.of(
                "{\"batchId\":0,\"batchTimestampMs\":1,\"watermarkMs\":2,\"future\":{\"x\":[1]}}",
                "{\"index\":0,\"future\":[1,{\"y\":2}],\"name\":\"s\",\"start\":null,\"end\":{\"row\":3},\"z\":1}"));

        OffsetEntry entry = offsets.get(0).orElseThrow();

        assertEquals(new OffsetEntry(0, 1, 2, Map.of(), List.of(SourceOffsets.first(0, "s", "{\"row\":3}"))), entry);
    }
}
