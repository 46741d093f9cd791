package dev.sluice.state;

import java.util.Iterator;

/**
 * The entries of a scan in ascending unsigned byte order of their keys. It holds native resources: close it
 * (try-with-resources) before the store's next {@code commit}, {@code abort}, {@code load} or {@code close},
 * which otherwise close it and make further calls fail.
 */
public interface KeyValueIterator extends Iterator<KeyValue>, AutoCloseable {
    @Override
    void close();
}
