package dev.sluice.planner.plan;

import com.google.protobuf.CodedOutputStream;
import dev.sluice.planner.plan.proto.QueryPlan;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** The fingerprint of a {@link QueryPlan}: what a restart compares to refuse a changed query. */
public final class Fingerprints {
    private Fingerprints() {
    }

    /**
     * SHA-256 (lower-case hex) of the plan's deterministic protobuf serialisation, without its fingerprint and
     * description: the description is the SQL text, and a reformatted query or a new comment plans the same.
     * Deterministic serialisation orders map entries (connector options) by key, so equal plans hash alike.
     */
    public static String of(QueryPlan plan) {
        QueryPlan canonical = plan.toBuilder().clearFingerprint().clearDescription().build();
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(canonical.getSerializedSize());
        try {
            CodedOutputStream output = CodedOutputStream.newInstance(bytes);
            output.useDeterministicSerialization();
            canonical.writeTo(output);
            output.flush();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot serialise a plan in memory", e);
        }
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes.toByteArray()));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }
}
