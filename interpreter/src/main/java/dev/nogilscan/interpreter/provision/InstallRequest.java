package dev.nogilscan.interpreter.provision;

import java.nio.file.Path;
import java.util.Optional;

/**
 * What {@code nogil-scan python install} was asked for.
 *
 * @param version {@code 3.13} or {@code 3.13.5}
 * @param source a local tarball or an http(s) URL of one, instead of the default locations
 * @param cacheDir the tool's cache directory; interpreters go to {@code python/}, tarballs to
 *     {@code sources/}
 * @param jobs parallel compile jobs ({@code make -j})
 * @param withGilTwin also build the same source without {@code --disable-gil}, for benchmarks
 */
public record InstallRequest(
    String version, Optional<String> source, Path cacheDir, int jobs, boolean withGilTwin) {}
