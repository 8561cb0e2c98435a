package dev.nogilscan.scanner.input;

import dev.nogilscan.compatdb.pep.Requirement;
import java.util.List;
import java.util.Optional;

/**
 * One requirement as an input states it.
 *
 * @param text the requirement as written (options and comments removed)
 * @param origin where it was written, e.g. {@code requirements.txt:4}
 * @param requirement the parsed PEP 508 requirement, or empty for lines that are not one (an
 *     editable or VCS line)
 * @param skipReason why the line is not assessed, when it is not
 * @param constraint true for a line of a {@code -c} constraints file: it restricts the versions of
 *     a package something else requires, but does not add the package
 * @param hashes the {@code --hash} values of the line ({@code sha256:…}), in order
 * @param locked the pinned release when the input is a lock file: the lock is the resolution
 */
public record InputRequirement(
    String text,
    String origin,
    Optional<Requirement> requirement,
    Optional<String> skipReason,
    boolean constraint,
    List<String> hashes,
    Optional<Locked> locked) {

  public InputRequirement {
    hashes = List.copyOf(hashes);
  }

  public InputRequirement(
      String text, String origin, Optional<Requirement> requirement, Optional<String> skipReason) {
    this(text, origin, requirement, skipReason, false, List.of(), Optional.empty());
  }

  public static InputRequirement of(String text, String origin, Requirement requirement) {
    return new InputRequirement(text, origin, Optional.of(requirement), Optional.empty());
  }

  public static InputRequirement skipped(String text, String origin, String reason) {
    return new InputRequirement(text, origin, Optional.empty(), Optional.of(reason));
  }

  /** A release pinned by a lock file; {@code requirement} is {@code name==version ; marker}. */
  public static InputRequirement locked(
      String text, String origin, Requirement requirement, Locked locked) {
    return new InputRequirement(
        text,
        origin,
        Optional.of(requirement),
        Optional.empty(),
        false,
        List.of(),
        Optional.of(locked));
  }

  public InputRequirement asConstraint() {
    return new InputRequirement(text, origin, requirement, skipReason, true, hashes, locked);
  }

  public InputRequirement withHashes(List<String> hashes) {
    return new InputRequirement(text, origin, requirement, skipReason, constraint, hashes, locked);
  }
}
