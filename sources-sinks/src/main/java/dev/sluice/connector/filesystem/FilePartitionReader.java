package dev.sluice.connector.filesystem;

import static java.util.Objects.requireNonNull;

import dev.sluice.connector.ConnectorException;
import dev.sluice.connector.PartitionReader;
import dev.sluice.connector.filesystem.format.Column;
import dev.sluice.connector.filesystem.format.RecordDecoder;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Instant;
import java.util.List;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * Reads a partition's files one after another into batches of up to {@code maxRowsPerBatch} rows; a batch may
 * hold the end of one file and the start of the next. Owns its {@link #root()}.
 */
final class FilePartitionReader implements PartitionReader {
    private final String tableName;
    private final List<SourceFile> files;
    private final List<Column> columns;
    private final FileFormat format;
    private final int maxRowsPerBatch;
    private final VectorSchemaRoot root;
    private final FieldVector[] vectors;

    private int nextFile;
    private RecordDecoder decoder;

    FilePartitionReader(String tableName, FileInputPartition partition, Schema schema, List<Column> columns,
            FileFormat format, BufferAllocator allocator, int maxRowsPerBatch) {
        this.tableName = requireNonNull(tableName, "tableName is null");
        this.files = requireNonNull(partition, "partition is null").files();
        this.columns = List.copyOf(requireNonNull(columns, "columns is null"));
        this.format = requireNonNull(format, "format is null");
        if (maxRowsPerBatch < 1) {
            throw new IllegalArgumentException("maxRowsPerBatch must be positive: " + maxRowsPerBatch);
        }
        this.maxRowsPerBatch = maxRowsPerBatch;
        this.root = VectorSchemaRoot.create(requireNonNull(schema, "schema is null"),
                requireNonNull(allocator, "allocator is null"));
        this.vectors = root.getFieldVectors().toArray(new FieldVector[0]);
    }

    @Override
    public boolean loadNextBatch() throws IOException {
        prepareVectors();
        int rows = 0;
        while (rows < maxRowsPerBatch) {
            if (decoder == null) {
                if (nextFile == files.size()) {
                    break;
                }
                decoder = open(files.get(nextFile++));
            }
            int read = decoder.decode(vectors, rows, maxRowsPerBatch - rows);
            if (read == 0) {
                decoder.close();
                decoder = null;
            } else {
                rows += read;
            }
        }
        for (FieldVector vector : vectors) {
            vector.setValueCount(rows);
        }
        root.setRowCount(rows);
        return rows > 0;
    }

    /**
     * Empties the vectors for the next batch, keeping their memory when it is large enough (it is not when the
     * caller transferred the last batch's buffers away).
     */
    private void prepareVectors() {
        for (FieldVector vector : vectors) {
            if (vector.getValueCapacity() >= maxRowsPerBatch) {
                vector.reset();
            } else {
                vector.clear();
                vector.setInitialCapacity(maxRowsPerBatch);
                vector.allocateNew();
            }
        }
    }

    private RecordDecoder open(SourceFile file) throws IOException {
        Path path = Path.of(file.path());
        BasicFileAttributes attributes;
        try {
            attributes = Files.readAttributes(path, BasicFileAttributes.class);
        } catch (NoSuchFileException deleted) {
            throw new ConnectorException("table " + tableName + ": file " + path + " was taken into a batch but no"
                    + " longer exists; files must stay in the source directory until their batches are committed");
        }
        long modified = attributes.lastModifiedTime().toMillis();
        if (attributes.size() != file.size() || modified != file.modifiedMillis()) {
            throw new ConnectorException("table " + tableName + ": file " + path + " changed after it was taken into a"
                    + " batch (size " + file.size() + " -> " + attributes.size() + " bytes, modified "
                    + Instant.ofEpochMilli(file.modifiedMillis()) + " -> " + Instant.ofEpochMilli(modified)
                    + "); a file must be complete when it appears in the source directory and must not change"
                    + " afterwards (write it elsewhere, or under a name starting with '.' or '_', then rename it in)");
        }
        return format.openDecoder(path, columns);
    }

    @Override
    public VectorSchemaRoot root() {
        return root;
    }

    @Override
    public void close() throws IOException {
        try {
            if (decoder != null) {
                decoder.close();
                decoder = null;
            }
        } finally {
            root.close();
        }
    }
}
