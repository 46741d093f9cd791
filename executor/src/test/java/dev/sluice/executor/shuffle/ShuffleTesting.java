package dev.sluice.executor.shuffle;

import static dev.sluice.executor.operator.Batches.row;

import dev.sluice.executor.expression.ArrowTypes;
import dev.sluice.executor.operator.Batches;
import dev.sluice.executor.rpc.proto.ExecutorServiceGrpc;
import dev.sluice.executor.rpc.proto.FetchShuffleRequest;
import dev.sluice.executor.rpc.proto.ReleaseShuffleRequest;
import dev.sluice.executor.rpc.proto.ReleaseShuffleResponse;
import dev.sluice.executor.rpc.proto.ShuffleChunk;
import dev.sluice.executor.rpc.proto.ShuffleInput;
import dev.sluice.planner.plan.proto.DataType;
import dev.sluice.state.KeyGroups;
import io.grpc.Server;
import io.grpc.inprocess.InProcessServerBuilder;
import io.grpc.stub.StreamObserver;
import java.io.IOException;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.FieldType;
import org.apache.arrow.vector.types.pojo.Schema;

/** Rows of every type the executor produces, written through a shuffle and expected back per partition. */
final class ShuffleTesting {
    static final String QUERY_ID = "query-7";

    private ShuffleTesting() {
    }

    /** Key group (INT NOT NULL), then one column of each SQL type, all nullable. */
    static Schema allTypes() {
        List<Field> fields = new ArrayList<>();
        fields.add(new Field("key_group", new FieldType(false, new ArrowType.Int(32, true), null), null));
        fields.add(field("flag", DataType.Kind.BOOLEAN));
        fields.add(field("count", DataType.Kind.INT));
        fields.add(field("total", DataType.Kind.BIGINT));
        fields.add(field("ratio", DataType.Kind.DOUBLE));
        fields.add(new Field("amount", ArrowTypes.fieldType(DataType.newBuilder().setKind(DataType.Kind.DECIMAL)
                .setPrecision(12).setScale(3).setNullable(true).build()), null));
        fields.add(field("name", DataType.Kind.VARCHAR));
        fields.add(field("day", DataType.Kind.DATE));
        fields.add(field("ts", DataType.Kind.TIMESTAMP));
        return new Schema(fields);
    }

    private static Field field(String name, DataType.Kind kind) {
        return new Field(name, ArrowTypes.fieldType(DataType.newBuilder().setKind(kind).setNullable(true).build()),
                null);
    }

    /**
     * {@code count} rows of map task {@code mapTask}: every column but the key group is NULL in some rows, names
     * include the empty string, multi-byte text and long values (so the data buffer grows).
     */
    static List<List<Object>> rows(int mapTask, int count, int keyGroups) {
        List<List<Object>> rows = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            long n = mapTask * 1_000_000L + i;
            int keyGroup = (int) Math.floorMod(n * 7919, keyGroups);
            String name = switch (i % 5) {
                case 0 -> "";
                case 1 -> "straße-" + n + "-日本";
                case 2 -> "x".repeat(i % 300) + n;
                case 3 -> null;
                case 4 -> "k" + n;
                default -> throw new AssertionError(i);
            };
            rows.add(row(keyGroup,
                    i % 7 == 0 ? null : i % 2 == 0,
                    i % 11 == 0 ? null : (int) (n % 100_000) - 50_000,
                    i % 13 == 0 ? null : n * 1_000_003L,
                    i % 17 == 0 ? null : n / 7.0,
                    i % 19 == 0 ? null : BigDecimal.valueOf(n * 37 - 5_000, 3),
                    name,
                    i % 23 == 0 ? null : LocalDate.ofEpochDay(18_000 + n % 1_000),
                    i % 29 == 0 ? null : LocalDateTime.of(2024, 1, 1, 0, 0).plusNanos(n * 1_000_000L)));
        }
        return rows;
    }

    /** Writes {@code rows} through {@code writer} in batches of {@code batchRows}. */
    static void write(ShuffleWriter writer, Schema schema, List<List<Object>> rows, int batchRows,
            BufferAllocator allocator) {
        try (VectorSchemaRoot batch = VectorSchemaRoot.create(schema, allocator)) {
            for (int from = 0; from < rows.size(); from += batchRows) {
                Batches.fill(batch, rows.subList(from, Math.min(rows.size(), from + batchRows)));
                writer.write(batch);
            }
        }
    }

    /** The rows of {@code partition}: map task by map task, each in its input order. */
    static List<List<Object>> expected(int partition, int partitions, int keyGroups,
            List<List<List<Object>>> rowsByMapTask) {
        List<List<Object>> expected = new ArrayList<>();
        for (List<List<Object>> mapTaskRows : rowsByMapTask) {
            for (List<Object> row : mapTaskRows) {
                if (KeyGroups.partitionOf((Integer) row.get(0), keyGroups, partitions) == partition) {
                    expected.add(row);
                }
            }
        }
        return expected;
    }

    static long rowsOf(int partition, int partitions, int keyGroups, List<List<Object>> rows) {
        return expected(partition, partitions, keyGroups, List.of(rows)).size();
    }

    /** Every row the reader returns, checking each batch's schema. */
    static List<List<Object>> readAll(ShuffleReader reader, Schema schema) {
        List<List<Object>> rows = new ArrayList<>();
        for (VectorSchemaRoot batch = reader.next(); batch != null; batch = reader.next()) {
            if (!batch.getSchema().equals(schema)) {
                throw new AssertionError("schema " + batch.getSchema() + ", expected " + schema);
            }
            rows.addAll(Batches.rows(batch));
        }
        return rows;
    }

    static ShuffleInput input(String target, int mapTask, long rows) {
        return ShuffleInput.newBuilder().setExecutorTarget(target).setMapTaskIndex(mapTask).setRows(rows).build();
    }

    /**
     * A gRPC server (in-process, under {@code name}) of the shuffle calls only, around {@code service}: for a
     * store configured otherwise than an executor's (a small memory budget).
     */
    static Server shuffleOnlyServer(String name, ShuffleService service) throws IOException {
        return InProcessServerBuilder.forName(name).addService(new ExecutorServiceGrpc.ExecutorServiceImplBase() {
            @Override
            public void fetchShuffle(FetchShuffleRequest request, StreamObserver<ShuffleChunk> response) {
                service.fetch(request, response);
            }

            @Override
            public void releaseShuffle(ReleaseShuffleRequest request,
                    StreamObserver<ReleaseShuffleResponse> response) {
                service.release(request, response);
            }
        }).build().start();
    }
}
