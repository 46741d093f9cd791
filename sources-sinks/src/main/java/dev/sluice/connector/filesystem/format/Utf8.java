package dev.sluice.connector.filesystem.format;

/**
 * UTF-8 checks and encoding on byte and char arrays, for readers that copy text bytes straight into Arrow's
 * VarChar vectors: Arrow does not check that a Utf8 vector holds UTF-8, so a reader must.
 */
public final class Utf8 {
    private Utf8() {}

    /**
     * Whether {@code bytes[start, end)} is well-formed UTF-8 (RFC 3629: no overlong forms, no surrogates, nothing
     * above U+10FFFF). ASCII runs take one comparison per byte.
     */
    public static boolean isValid(byte[] bytes, int start, int end) {
        int index = start;
        while (index < end) {
            int first = bytes[index];
            if (first >= 0) {
                index++;
                continue;
            }
            int lead = first & 0xFF;
            if (lead >= 0xC2 && lead <= 0xDF) {
                if (index + 1 >= end || !isContinuation(bytes[index + 1])) {
                    return false;
                }
                index += 2;
            } else if (lead >= 0xE0 && lead <= 0xEF) {
                if (index + 2 >= end) {
                    return false;
                }
                int second = bytes[index + 1] & 0xFF;
                // E0 needs A0..BF (no overlong forms); ED needs 80..9F (no surrogates).
                int low = lead == 0xE0 ? 0xA0 : 0x80;
                int high = lead == 0xED ? 0x9F : 0xBF;
                if (second < low || second > high || !isContinuation(bytes[index + 2])) {
                    return false;
                }
                index += 3;
            } else if (lead >= 0xF0 && lead <= 0xF4) {
                if (index + 3 >= end) {
                    return false;
                }
                int second = bytes[index + 1] & 0xFF;
                // F0 needs 90..BF (no overlong forms); F4 needs 80..8F (nothing above U+10FFFF).
                int low = lead == 0xF0 ? 0x90 : 0x80;
                int high = lead == 0xF4 ? 0x8F : 0xBF;
                if (second < low || second > high || !isContinuation(bytes[index + 2])
                        || !isContinuation(bytes[index + 3])) {
                    return false;
                }
                index += 4;
            } else {
                return false;
            }
        }
        return true;
    }

    private static boolean isContinuation(byte b) {
        return (b & 0xC0) == 0x80;
    }

    /** The most bytes {@link #encode} writes for {@code length} chars. */
    public static int maxEncodedLength(int length) {
        return length * 3;
    }

    /**
     * Encodes {@code chars[start, end)} as UTF-8 at {@code out[position]}, which needs
     * {@link #maxEncodedLength} bytes.
     *
     * @return the position after the last byte written, or -1 if the chars hold an unpaired surrogate (which
     *     has no UTF-8 form)
     */
    public static int encode(char[] chars, int start, int end, byte[] out, int position) {
        int index = position;
        for (int i = start; i < end; i++) {
            char c = chars[i];
            if (c < 0x80) {
                out[index++] = (byte) c;
            } else if (c < 0x800) {
                out[index++] = (byte) (0xC0 | c >> 6);
                out[index++] = (byte) (0x80 | c & 0x3F);
            } else if (Character.isSurrogate(c)) {
                if (!Character.isHighSurrogate(c) || i + 1 >= end || !Character.isLowSurrogate(chars[i + 1])) {
                    return -1;
                }
                int codePoint = Character.toCodePoint(c, chars[++i]);
                out[index++] = (byte) (0xF0 | codePoint >> 18);
                out[index++] = (byte) (0x80 | codePoint >> 12 & 0x3F);
                out[index++] = (byte) (0x80 | codePoint >> 6 & 0x3F);
                out[index++] = (byte) (0x80 | codePoint & 0x3F);
            } else {
                out[index++] = (byte) (0xE0 | c >> 12);
                out[index++] = (byte) (0x80 | c >> 6 & 0x3F);
                out[index++] = (byte) (0x80 | c & 0x3F);
            }
        }
        return index;
    }
}
