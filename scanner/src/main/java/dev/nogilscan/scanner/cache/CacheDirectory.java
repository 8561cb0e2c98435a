package dev.nogilscan.scanner.cache;

import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/**
 * Where the tool keeps what it downloads and builds: {@code --cache-dir}, else {@code
 * $XDG_CACHE_HOME/nogil-scan}, else {@code ~/.cache/nogil-scan}.
 *
 * <p>Layout: {@code python/} provisioned interpreters, {@code sources/} CPython tarballs, {@code
 * archives/} downloaded distributions by sha256 (with, in {@code archives/verified/}, what each
 * looked like when its hash was checked), {@code inspections/} what inspecting each archive found
 * ({@link InspectionCache}), {@code http/} index pages and metadata files as HTTP responses, {@code
 * pages/} the same parsed while their max-age lasts ({@code PageStore}), {@code work/} temporary
 * probe directories.
 */
public record CacheDirectory(Path root) {
  public static CacheDirectory resolve(
      Optional<Path> explicit, Map<String, String> environment, Path home) {
    if (explicit.isPresent()) {
      return new CacheDirectory(explicit.get().toAbsolutePath().normalize());
    }
    String xdg = environment.get("XDG_CACHE_HOME");
    if (xdg != null && !xdg.isBlank() && Path.of(xdg).isAbsolute()) {
      return new CacheDirectory(Path.of(xdg).resolve("nogil-scan"));
    }
    return new CacheDirectory(home.resolve(".cache").resolve("nogil-scan"));
  }

  public Path archives() {
    return root.resolve("archives");
  }

  public Path inspections() {
    return root.resolve("inspections");
  }

  public Path http() {
    return root.resolve("http");
  }

  public Path pages() {
    return root.resolve("pages");
  }

  public Path work() {
    return root.resolve("work");
  }
}
