package dev.sluice.executor.shuffle;

import java.util.concurrent.atomic.AtomicLong;

/** The bytes of heap the shuffle store may hold, shared by every writer of an executor. */
final class MemoryBudget {
    private final long limitBytes;
    private final AtomicLong usedBytes = new AtomicLong();

    MemoryBudget(long limitBytes) {
        if (limitBytes < 0) {
            throw new IllegalArgumentException("the shuffle memory budget must not be negative: " + limitBytes);
        }
        this.limitBytes = limitBytes;
    }

    /** Takes {@code bytes} if they fit, else nothing. */
    boolean tryReserve(long bytes) {
        while (true) {
            long used = usedBytes.get();
            if (used + bytes > limitBytes) {
                return false;
            }
            if (usedBytes.compareAndSet(used, used + bytes)) {
                return true;
            }
        }
    }

    void release(long bytes) {
        usedBytes.addAndGet(-bytes);
    }

    long limitBytes() {
        return limitBytes;
    }

    long usedBytes() {
        return usedBytes.get();
    }
}
