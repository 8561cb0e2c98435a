package dev.nogilscan.scanner.index;

import java.util.Optional;

/**
 * One file of a project as an index lists it (PEP 503 anchor / PEP 691 {@code files} entry).
 *
 * @param filename the file name, e.g. {@code numpy-2.1.0-cp313-cp313t-manylinux_2_17_x86_64.whl}
 * @param url the absolute download URL, without fragment
 * @param sha256 the hash the index gives, lower case, when it gives one
 * @param requiresPython the {@code requires-python} value, when present
 * @param yanked the yank reason (PEP 592; empty string when yanked without reason), when yanked
 * @param coreMetadata true when a PEP 658/714 metadata file is offered at {@code url + ".metadata"}
 */
public record DistributionFile(
    String filename,
    String url,
    Optional<String> sha256,
    Optional<String> requiresPython,
    Optional<String> yanked,
    boolean coreMetadata) {

  public boolean isWheel() {
    return filename.endsWith(".whl");
  }

  /** A legacy egg: listed and reported, never installed (pip does not install eggs). */
  public boolean isEgg() {
    return EggFilename.isEgg(filename);
  }
}
