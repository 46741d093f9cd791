package dev.sluice.executor.aggregate;

/** Reads what {@link ByteSink} wrote, from a position in a byte array. */
final class ByteSource {
    private byte[] data;
    private int position;
    private int limit;

    void reset(byte[] bytes, int offset, int length) {
        this.data = bytes;
        this.position = offset;
        this.limit = offset + length;
    }

    boolean hasRemaining() {
        return position < limit;
    }

    int readByte() {
        require(1);
        return data[position++] & 0xFF;
    }

    long readLong() {
        require(8);
        long value = ByteSink.getLong(data, position);
        position += 8;
        return value;
    }

    long readVarLong() {
        long zigZag = 0;
        int shift = 0;
        while (true) {
            int next = readByte();
            zigZag |= (long) (next & 0x7F) << shift;
            if ((next & 0x80) == 0) {
                break;
            }
            shift += 7;
            if (shift > 63) {
                throw new IllegalStateException("a varint of more than 10 bytes at offset " + position);
            }
        }
        return (zigZag >>> 1) ^ -(zigZag & 1);
    }

    byte[] readBytes(int length) {
        require(length);
        byte[] bytes = new byte[length];
        System.arraycopy(data, position, bytes, 0, length);
        position += length;
        return bytes;
    }

    private void require(int bytes) {
        if (bytes < 0 || position + bytes > limit) {
            throw new IllegalStateException("a stored aggregate value ends early: " + bytes + " more bytes needed at"
                    + " offset " + position + " of " + limit);
        }
    }
}
