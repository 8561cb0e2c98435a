package dev.nogilscan.scanner.input;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * The ordered registry of {@link RequirementSource}s; auto-detection tries them in order, and
 * {@code --input-format} takes their {@link RequirementSource#name()}s.
 */
public final class RequirementSources {
  public static final List<RequirementSource> ALL =
      List.of(
          new RequirementsTxtSource(),
          new PyprojectSource(),
          new PylockSource(),
          new UvLockSource(),
          new PoetryLockSource(),
          new PdmLockSource(),
          new PipfileLockSource());

  private RequirementSources() {}

  /** The source whose file names include {@code file}'s; lock files before requirements files. */
  public static Optional<RequirementSource> detect(Path file) {
    // "requirements*" also matches e.g. requirements-dev.lock, so the exact names go first
    return ALL.stream()
        .skip(1)
        .filter(s -> s.detects(file))
        .findFirst()
        .or(() -> ALL.get(0).detects(file) ? Optional.of(ALL.get(0)) : Optional.empty());
  }

  /** The source {@code --input-format NAME} names. */
  public static Optional<RequirementSource> named(String name) {
    return ALL.stream().filter(s -> s.name().equals(name)).findFirst();
  }

  /** The names {@code --input-format} accepts, in registry order. */
  public static List<String> names() {
    return ALL.stream().map(RequirementSource::name).toList();
  }

  /** The requirements.txt reader, used for {@code -r} and as the fallback. */
  public static RequirementSource requirementsTxt() {
    return ALL.get(0);
  }
}
