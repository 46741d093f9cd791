package dev.sluice.checkpoint;

import static java.util.Objects.requireNonNull;

import java.net.URI;
import java.nio.file.Path;

/** Opens the {@link PublishOnceStore} for a location given by the user: a local path or a URI. */
public final class PublishOnceStores {
    private PublishOnceStores() {}

    /**
     * A plain path or a {@code file:} URI gives a {@link LocalPublishOnceStore} (no Hadoop classes are loaded,
     * which keeps a local query's start fast); any other scheme ({@code s3a://bucket/dir}) goes through Hadoop's
     * {@code FileSystem} with conditional create.
     */
    public static PublishOnceStore open(String location) {
        requireNonNull(location, "location is null");
        if (location.isBlank()) {
            throw new IllegalArgumentException("checkpoint location is empty");
        }
        String scheme = schemeOf(location);
        if (scheme == null) {
            return new LocalPublishOnceStore(Path.of(location));
        }
        if (scheme.equals("file")) {
            return new LocalPublishOnceStore(Path.of(URI.create(location)));
        }
        throw new IllegalArgumentException("unsupported checkpoint location scheme '" + scheme + "' in "
                + location + "; supported: a local path or file:");
    }

    /** The URI scheme of a location, or null for a plain path (a Windows drive letter is not a scheme). */
    static String schemeOf(String location) {
        int colon = location.indexOf(':');
        if (colon <= 1) {
            return null;
        }
        String candidate = location.substring(0, colon);
        return candidate.matches("[a-zA-Z][a-zA-Z0-9+.-]*") && location.startsWith("//", colon + 1)
                || candidate.equals("file")
                ? candidate.toLowerCase(java.util.Locale.ROOT)
                : null;
    }
}
