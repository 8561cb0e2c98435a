package dev.nogilscan.interpreter.provision;

import java.nio.file.Path;
import java.util.Optional;

/**
 * The result of provisioning.
 *
 * @param version the CPython version built, e.g. {@code 3.13.5}
 * @param freeThreaded the free-threaded executable
 * @param gilTwin the GIL build of the same source, when requested
 * @param tarball the source it was built from
 * @param reused true when nothing had to be built
 */
public record Installed(
    String version, Path freeThreaded, Optional<Path> gilTwin, Path tarball, boolean reused) {}
