package dev.nogilscan.scanner.archive;

import java.util.List;
import java.util.Optional;

/**
 * What one distribution archive contains, as far as free-threading is concerned.
 *
 * @param filename the archive's file name
 * @param kind {@code pure}, {@code native} or {@code unknown}
 * @param extensions compiled extension modules (wheels, eggs)
 * @param nativeSources source files of compiled languages, e.g. {@code C: src/mod.c} (sdists)
 * @param freeThreadingHints source-level declarations of free-threading support, e.g. {@code
 *     Py_MOD_GIL_NOT_USED in src/mod.c}
 * @param importNames top-level import names, from {@code top_level.txt} or the file list
 * @param metadata the core metadata text (METADATA / PKG-INFO), when present
 * @param entries number of members
 * @param traps what the contents contradict in the file's own claims, one line each: compiled code
 *     in a wheel tagged ABI {@code none}, a free-threaded build tagged {@code abi3}, …
 * @param record how a wheel's RECORD matches its files (wheels only)
 */
public record Inspection(
    String filename,
    String kind,
    List<ExtensionModule> extensions,
    List<String> nativeSources,
    List<String> freeThreadingHints,
    List<String> importNames,
    Optional<String> metadata,
    int entries,
    List<String> traps,
    Optional<RecordCheck> record) {
  public Inspection {
    extensions = List.copyOf(extensions);
    nativeSources = List.copyOf(nativeSources);
    freeThreadingHints = List.copyOf(freeThreadingHints);
    importNames = List.copyOf(importNames);
    traps = List.copyOf(traps);
  }

  /** An inspection with no traps and no RECORD (sdists). */
  public Inspection(
      String filename,
      String kind,
      List<ExtensionModule> extensions,
      List<String> nativeSources,
      List<String> freeThreadingHints,
      List<String> importNames,
      Optional<String> metadata,
      int entries) {
    this(
        filename,
        kind,
        extensions,
        nativeSources,
        freeThreadingHints,
        importNames,
        metadata,
        entries,
        List.of(),
        Optional.empty());
  }

  public boolean isNative() {
    return kind.equals("native");
  }
}
