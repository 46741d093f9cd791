package dev.sluice.checkpoint;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.OutputStream;
import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.gaul.s3proxy.AuthenticationType;
import org.gaul.s3proxy.S3Proxy;
import org.gaul.s3proxy.blobstore.BlobStore;
import org.gaul.s3proxy.blobstore.options.CreateContainerOptions;
import org.gaul.s3proxy.nio2blob.FilesystemNio2BlobStore;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The publish-once contract on S3 through Hadoop S3A, against an S3 server (s3proxy) running in this JVM. s3proxy's
 * file-system backend honours {@code If-None-Match: *} atomically, so the races here are real races.
 */
@Tag("s3")
class S3PublishOnceStoreTest extends PublishOnceStoreContractTest {
    private static final String BUCKET = "checkpoints";
    private static final String ACCESS_KEY = "access";
    private static final String SECRET_KEY = "secret-key";

    @TempDir
    static Path blobDirectory;

    private static S3Proxy proxy;
    private static Map<String, String> options;
    private static FileSystem rawFileSystem;

    private String location;

    @BeforeAll
    static void startS3() throws Exception {
        BlobStore blobs = new FilesystemNio2BlobStore(blobDirectory.toString());
        blobs.createContainer(BUCKET, CreateContainerOptions.NONE);
        proxy = S3Proxy.builder()
                .blobStore(blobs)
                .endpoint(URI.create("http://127.0.0.1:0"))
                .awsAuthentication(AuthenticationType.AWS_V2_OR_V4, ACCESS_KEY, SECRET_KEY)
                .build();
        proxy.start();
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (!proxy.getState().equals("STARTED")) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("s3proxy did not start: " + proxy.getState());
            }
            Thread.sleep(10);
        }
        options = Map.of(
                "fs.s3a.endpoint", "http://127.0.0.1:" + proxy.getPort(),
                "fs.s3a.endpoint.region", "us-east-1",
                "fs.s3a.path.style.access", "true",
                "fs.s3a.connection.ssl.enabled", "false",
                "fs.s3a.aws.credentials.provider", "org.apache.hadoop.fs.s3a.SimpleAWSCredentialsProvider",
                "fs.s3a.access.key", ACCESS_KEY,
                "fs.s3a.secret.key", SECRET_KEY,
                "fs.s3a.attempts.maximum", "1",
                "fs.s3a.retry.limit", "1");
        Configuration configuration = new Configuration();
        options.forEach(configuration::set);
        rawFileSystem = FileSystem.newInstance(URI.create("s3a://" + BUCKET + "/"), configuration);
    }

    @AfterAll
    static void stopS3() throws Exception {
        if (rawFileSystem != null) {
            rawFileSystem.close();
        }
        if (proxy != null) {
            proxy.stop();
        }
    }

    @Override
    protected PublishOnceStore openStore() {
        location = "s3a://" + BUCKET + "/query-" + UUID.randomUUID();
        return PublishOnceStores.open(location, options);
    }

    @Override
    protected void writeRawFile(String relativePath, byte[] bytes) throws Exception {
        try (OutputStream out = rawFileSystem.create(new org.apache.hadoop.fs.Path(location + "/" + relativePath))) {
            out.write(bytes);
        }
    }

    @Override
    protected List<String> listRawNames(String relativeDirectory) throws Exception {
        List<String> names = new ArrayList<>();
        String directory = relativeDirectory.isEmpty() ? location : location + "/" + relativeDirectory;
        try {
            for (FileStatus status : rawFileSystem.listStatus(new org.apache.hadoop.fs.Path(directory))) {
                names.add(status.getPath().getName());
            }
        } catch (java.io.FileNotFoundException empty) {
            // an object store has no empty directories
        }
        names.sort(null);
        return names;
    }

    @Override
    protected int concurrentRounds() {
        return 4;
    }

    @Test
    void opensAnS3aLocationThroughHadoop() {
        assertInstanceOf(HadoopPublishOnceStore.class, store);
        assertEquals(location + "/offsets/7", store.describe("offsets/7"));
    }

    @Test
    void aCheckpointRunsAndRestartsOnS3() throws Exception {
        try (Checkpoint checkpoint = Checkpoint.open(location, options)) {
            assertInstanceOf(RestartPoint.FreshStart.class, checkpoint.restartPoint());
            for (long batch = 0; batch < 3; batch++) {
                checkpoint.offsets().publish(entry(batch));
                checkpoint.commits().publish(new CommitEntry(batch, batch * 10, 5000 + batch));
            }
            checkpoint.offsets().publish(entry(3));
            assertEquals(2, checkpoint.purge(2));
        }
        try (Checkpoint restarted = Checkpoint.open(location, options)) {
            RestartPoint.Replay replay = assertInstanceOf(RestartPoint.Replay.class, restarted.restartPoint());
            assertEquals(entry(3), replay.offsets());
            assertEquals(List.of(1L, 2L, 3L), restarted.offsets().batchIds());
            assertEquals(List.of(1L, 2L), restarted.commits().batchIds());

            PublishConflictException conflict = assertThrows(PublishConflictException.class,
                    () -> restarted.offsets().publish(new OffsetEntry(3, 999, 0, Map.of(), List.of())));
            assertEquals(location + "/offsets/3", conflict.file());
            assertTrue(restarted.offsets().publish(entry(3)) == false, "replaying the logged entry is a no-op");
        }
    }

    @Test
    void twoRunsCreatingTheMetadataAgreeOnTheQueryId() throws Exception {
        try (HadoopPublishOnceStore other = HadoopPublishOnceStore.open(location, options)) {
            QueryMetadata first = QueryMetadataFile.loadOrCreate(store);
            QueryMetadata second = QueryMetadataFile.loadOrCreate(other);
            assertEquals(first, second);
        }
    }

    private static OffsetEntry entry(long batch) {
        return new OffsetEntry(batch, 1000 + batch, batch * 10, Map.of("key-groups", "128"),
                List.of(new SourceOffsets(0, "events", batch == 0 ? null : "{\"row\":" + batch * 100 + "}",
                        "{\"row\":" + (batch + 1) * 100 + "}")));
    }
}
