package dev.sluice.checkpoint;

import static java.nio.charset.StandardCharsets.UTF_8;
import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.CRC32C;

/**
 * The one text layout of every Sluice checkpoint file (offsets, commits, metadata, source and sink logs):
 *
 * <pre>
 * sluice-&lt;kind&gt; v&lt;version&gt;      format line: which kind of file, which version of its layout
 * {...}                          one JSON value per line (no line breaks inside a value)
 * {...}
 * crc32c &lt;8 hex digits&gt;          CRC-32C of every byte before this line
 * </pre>
 *
 * <p>The checksum goes last so that a file cut short anywhere (a torn write, a truncated copy) fails to end with
 * its checksum line and is reported as torn, and a flipped bit anywhere is reported as corrupt. The kind in the
 * format line lets a reader tell a commits file from an offsets file, and a Sluice file from a foreign one.
 */
public final class CheckpointFileFormat {
    private static final Pattern FORMAT_LINE = Pattern.compile("sluice-([a-z][a-z0-9-]*) v([0-9]{1,9})");
    private static final Pattern CHECKSUM_LINE = Pattern.compile("crc32c ([0-9a-f]{8})");

    private CheckpointFileFormat() {}

    /** The decoded content of a file: its layout version and its JSON lines. */
    public record Content(int version, List<String> jsonLines) {
        public Content {
            if (version < 1) {
                throw new IllegalArgumentException("version must be positive: " + version);
            }
            jsonLines = List.copyOf(requireNonNull(jsonLines, "jsonLines is null"));
        }
    }

    /** Encodes a file of {@code kind} (for example {@code offsets}) in layout {@code version}. */
    public static byte[] encode(String kind, int version, List<String> jsonLines) {
        requireNonNull(kind, "kind is null");
        requireNonNull(jsonLines, "jsonLines is null");
        if (version < 1) {
            throw new IllegalArgumentException("version must be positive: " + version);
        }
        StringBuilder text = new StringBuilder(64 + jsonLines.size() * 64);
        text.append("sluice-").append(kind).append(" v").append(version).append('\n');
        if (!FORMAT_LINE.matcher(text.substring(0, text.length() - 1)).matches()) {
            throw new IllegalArgumentException("kind must be lower-case letters, digits and '-': " + kind);
        }
        for (String line : jsonLines) {
            if (line.indexOf('\n') >= 0 || line.indexOf('\r') >= 0) {
                throw new IllegalArgumentException("a JSON line must not contain a line break: " + line);
            }
            text.append(line).append('\n');
        }
        byte[] body = text.toString().getBytes(UTF_8);
        byte[] checksum = ("crc32c " + crc32cHex(body, body.length) + "\n").getBytes(UTF_8);
        byte[] file = new byte[body.length + checksum.length];
        System.arraycopy(body, 0, file, 0, body.length);
        System.arraycopy(checksum, 0, file, body.length, checksum.length);
        return file;
    }

    /**
     * Decodes a file, checking that it is complete, intact, of {@code expectedKind}, and of a version this
     * reader knows ({@code 1..maxVersion}).
     *
     * @param file the file's full location, named in every error
     * @throws CorruptCheckpointFileException naming the file and what is wrong with it
     */
    public static Content decode(String file, byte[] bytes, String expectedKind, int maxVersion) {
        requireNonNull(file, "file is null");
        requireNonNull(bytes, "bytes is null");
        requireNonNull(expectedKind, "expectedKind is null");
        int firstBreak = indexOf(bytes, 0);
        if (bytes.length == 0) {
            throw new CorruptCheckpointFileException(file, "torn: the file is empty");
        }
        String formatLine = new String(bytes, 0, firstBreak < 0 ? Math.min(bytes.length, 80) : firstBreak, UTF_8);
        Matcher format = FORMAT_LINE.matcher(formatLine);
        if (firstBreak < 0 && (format.matches() || ("sluice-" + expectedKind + " v").startsWith(formatLine))) {
            throw new CorruptCheckpointFileException(file, "torn: the file ends inside its format line");
        }
        if (!format.matches()) {
            throw new CorruptCheckpointFileException(file, "not a Sluice " + expectedKind
                    + " file: its first line is '" + abbreviate(formatLine) + "', expected 'sluice-" + expectedKind
                    + " v1'");
        }
        if (bytes[bytes.length - 1] != '\n') {
            throw new CorruptCheckpointFileException(file, "torn: the file ends in the middle of a line");
        }
        int checksumStart = lastLineStart(bytes);
        String checksumLine = new String(bytes, checksumStart, bytes.length - 1 - checksumStart, UTF_8);
        Matcher checksum = CHECKSUM_LINE.matcher(checksumLine);
        if (checksumStart == 0 || !checksum.matches()) {
            throw new CorruptCheckpointFileException(file, "torn: the file ends before its checksum line");
        }
        String computed = crc32cHex(bytes, checksumStart);
        if (!computed.equals(checksum.group(1))) {
            throw new CorruptCheckpointFileException(file, "corrupt: checksum mismatch (stored crc32c "
                    + checksum.group(1) + ", computed " + computed + ")");
        }
        // The kind is checked only once the checksum holds, so that a flipped bit inside the format line is
        // reported as corruption, and "wrong kind" always means an intact file put in the wrong place.
        if (!format.group(1).equals(expectedKind)) {
            throw new CorruptCheckpointFileException(file, "is a Sluice file of kind '" + format.group(1)
                    + "' where a file of kind '" + expectedKind + "' belongs");
        }
        int version = Integer.parseInt(format.group(2));
        if (version < 1 || version > maxVersion) {
            throw new CorruptCheckpointFileException(file, "unknown format version " + version
                    + " of a " + expectedKind + " file; this Sluice reads versions 1 to " + maxVersion
                    + " (was the checkpoint written by a newer Sluice?)");
        }
        List<String> lines = new ArrayList<>();
        int start = firstBreak + 1;
        while (start < checksumStart) {
            int end = indexOf(bytes, start);
            lines.add(new String(bytes, start, end - start, UTF_8));
            start = end + 1;
        }
        return new Content(version, lines);
    }

    private static int indexOf(byte[] bytes, int from) {
        for (int i = from; i < bytes.length; i++) {
            if (bytes[i] == '\n') {
                return i;
            }
        }
        return -1;
    }

    /** Start of the last line of a file that ends with '\n'. */
    private static int lastLineStart(byte[] bytes) {
        for (int i = bytes.length - 2; i >= 0; i--) {
            if (bytes[i] == '\n') {
                return i + 1;
            }
        }
        return 0;
    }

    private static String crc32cHex(byte[] bytes, int length) {
        CRC32C crc = new CRC32C();
        crc.update(bytes, 0, length);
        return String.format("%08x", crc.getValue());
    }

    private static String abbreviate(String text) {
        String printable = text.replaceAll("[^\\x20-\\x7e]", "?");
        return printable.length() <= 40 ? printable : printable.substring(0, 40) + "...";
    }
}
