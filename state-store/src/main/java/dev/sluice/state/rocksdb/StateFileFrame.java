package dev.sluice.state.rocksdb;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static java.util.Objects.requireNonNull;

import dev.sluice.state.StateStoreException;
import dev.sluice.state.StateStoreId;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.zip.CRC32C;

/**
 * The frame shared by the state files ({@link ChangelogFile}, {@link SnapshotFile}), big-endian:
 *
 * <pre>
 * magic  ASCII, names the kind of file    "SLUICE-CHANGELOG", "SLUICE-SNAPSHOT"
 * int32  format version
 * int64  state version                    must match the file name
 * int32  entry count
 * ...    the entries, as the kind defines them
 * int32  CRC-32C of every byte before it  last, so a file cut short anywhere is torn and a flipped bit corrupt
 * </pre>
 */
final class StateFileFrame {
    /** A kind of state file: its name in messages, its magic, the layout version it writes and the highest it reads. */
    record Kind(String name, String magic, int formatVersion) {
        Kind {
            requireNonNull(name, "name is null");
            requireNonNull(magic, "magic is null");
        }

        int headerBytes() {
            return magic.length() + 4 + 8 + 4;
        }
    }

    /** A checked file's entries: the buffer is positioned at the first entry and limited before the checksum. */
    record Body(ByteBuffer entries, int count) {}

    private StateFileFrame() {}

    static void writeHeader(DataOutputStream out, Kind kind, long stateVersion, int count) throws IOException {
        out.write(kind.magic().getBytes(US_ASCII));
        out.writeInt(kind.formatVersion());
        out.writeLong(stateVersion);
        out.writeInt(count);
    }

    static void writeHeader(ByteBuffer out, Kind kind, long stateVersion, int count) {
        out.put(kind.magic().getBytes(US_ASCII));
        out.putInt(kind.formatVersion());
        out.putLong(stateVersion);
        out.putInt(count);
    }

    /** Puts the checksum of everything before the buffer's position (from its start) at that position. */
    static void writeChecksum(ByteBuffer out) {
        CRC32C crc = new CRC32C();
        crc.update(out.array(), out.arrayOffset(), out.position());
        out.putInt((int) crc.getValue());
    }

    /** Appends the checksum of everything written to {@code bytes} through {@code out}. */
    static void writeChecksum(ByteArrayOutputStream bytes, DataOutputStream out) throws IOException {
        out.flush();
        CRC32C crc = new CRC32C();
        crc.update(bytes.toByteArray());
        out.writeInt((int) crc.getValue());
    }

    /**
     * Checks the whole file (length, magic, checksum, format version, state version) before anything reads it.
     *
     * @throws StateStoreException naming {@code path} and what is wrong with the file
     */
    static Body open(Kind kind, StateStoreId id, long stateVersion, long target, String path, byte[] file) {
        String name = kind.name();
        byte[] magic = kind.magic().getBytes(US_ASCII);
        if (file.length < kind.headerBytes() + 4) {
            throw failure(kind, id, stateVersion, target, path, "torn " + name + ": " + file.length
                    + " bytes, shorter than the smallest " + name + " (" + (kind.headerBytes() + 4) + " bytes)");
        }
        if (!Arrays.equals(file, 0, magic.length, magic, 0, magic.length)) {
            throw new StateStoreException(id, stateVersion, path,
                    "not a Sluice " + name + ": it does not start with '" + kind.magic() + "'");
        }
        ByteBuffer buffer = ByteBuffer.wrap(file);
        int stored = buffer.getInt(file.length - 4);
        CRC32C crc = new CRC32C();
        crc.update(file, 0, file.length - 4);
        if ((int) crc.getValue() != stored) {
            throw failure(kind, id, stateVersion, target, path, String.format(
                    "corrupt or torn %s: checksum mismatch (stored crc32c %08x, computed %08x)",
                    name, stored, (int) crc.getValue()));
        }
        buffer.position(magic.length);
        int format = buffer.getInt();
        if (format < 1 || format > kind.formatVersion()) {
            throw failure(kind, id, stateVersion, target, path, "unknown " + name + " format version " + format
                    + "; this Sluice reads version 1 to " + kind.formatVersion());
        }
        long fileVersion = buffer.getLong();
        if (fileVersion != stateVersion) {
            throw failure(kind, id, stateVersion, target, path, "the " + name + " holds version " + fileVersion
                    + ", not the version its name says");
        }
        int count = buffer.getInt();
        buffer.limit(file.length - 4);
        return new Body(buffer, count);
    }

    /** An error about the file of {@code stateVersion}, met while loading version {@code target}. */
    static StateStoreException failure(Kind kind, StateStoreId id, long stateVersion, long target, String path,
            String problem) {
        return new StateStoreException(id, target, path, "the " + kind.name() + " of version " + stateVersion
                + (stateVersion == target ? "" : " (needed to load version " + target + ")") + " is unusable: "
                + problem);
    }
}
