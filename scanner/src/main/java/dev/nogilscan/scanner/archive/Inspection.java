package dev.nogilscan.scanner.archive;

import java.util.List;
import java.util.Optional;

/**
 * What one distribution archive contains, as far as free-threading is concerned.
 *
 * @param filename the archive's file name
 * @param kind {@code pure}, {@code native} or {@code unknown}
 * @param extensions compiled extension modules (wheels)
 * @param nativeSources source files of compiled languages, e.g. {@code C: src/mod.c} (sdists)
 * @param freeThreadingHints source-level declarations of free-threading support, e.g. {@code
 *     Py_MOD_GIL_NOT_USED in src/mod.c}
 * @param importNames top-level import names, from {@code top_level.txt} or the file list
 * @param metadata the core metadata text (METADATA / PKG-INFO), when present
 * @param entries number of members
 */
public record Inspection(
    String filename,
    String kind,
    List<ExtensionModule> extensions,
    List<String> nativeSources,
    List<String> freeThreadingHints,
    List<String> importNames,
    Optional<String> metadata,
    int entries) {
  public Inspection {
    extensions = List.copyOf(extensions);
    nativeSources = List.copyOf(nativeSources);
    freeThreadingHints = List.copyOf(freeThreadingHints);
    importNames = List.copyOf(importNames);
  }

  public boolean isNative() {
    return kind.equals("native");
  }
}
