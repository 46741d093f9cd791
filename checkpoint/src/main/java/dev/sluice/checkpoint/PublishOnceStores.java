package dev.sluice.checkpoint;

import static java.util.Objects.requireNonNull;

import java.net.URI;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;

/** Opens the {@link PublishOnceStore} for a location given by the user: a local path or a URI. */
public final class PublishOnceStores {
    private PublishOnceStores() {}

    /**
     * A plain path or a {@code file:} URI gives a {@link LocalPublishOnceStore} (no Hadoop classes are loaded,
     * which keeps a local query's start fast); any other scheme ({@code s3a://bucket/dir}) goes through Hadoop's
     * {@code FileSystem} with conditional create.
     */
    public static PublishOnceStore open(String location) {
        return open(location, Map.of());
    }

    /**
     * Like {@link #open(String)}, with Hadoop configuration for a non-local location (for example
     * {@code fs.s3a.endpoint}, {@code fs.s3a.aws.credentials.provider}); ignored for a local one. Settings not given
     * here come from Hadoop's defaults and any {@code core-site.xml} on the class path.
     */
    public static PublishOnceStore open(String location, Map<String, String> fileSystemOptions) {
        requireNonNull(location, "location is null");
        requireNonNull(fileSystemOptions, "fileSystemOptions is null");
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
        // Referenced only on this branch, so that the JVM loads Hadoop's classes only for a non-local checkpoint.
        return HadoopPublishOnceStore.open(location, fileSystemOptions);
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
                ? candidate.toLowerCase(Locale.ROOT)
                : null;
    }
}
