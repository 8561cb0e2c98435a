package dev.nogilscan.scanner.input;

import dev.nogilscan.compatdb.pep.Requirement;
import java.util.Optional;

/**
 * One requirement as an input states it.
 *
 * @param text the requirement as written (options and comments removed)
 * @param origin where it was written, e.g. {@code requirements.txt:4}
 * @param requirement the parsed PEP 508 requirement, or empty for lines that are not one (an
 *     editable or VCS line)
 * @param skipReason why the line is not assessed, when it is not
 */
public record InputRequirement(
    String text, String origin, Optional<Requirement> requirement, Optional<String> skipReason) {

  public static InputRequirement of(String text, String origin, Requirement requirement) {
    return new InputRequirement(text, origin, Optional.of(requirement), Optional.empty());
  }

  public static InputRequirement skipped(String text, String origin, String reason) {
    return new InputRequirement(text, origin, Optional.empty(), Optional.of(reason));
  }
}
