package dev.nogilscan.scanner.input;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/** The ordered registry of {@link RequirementSource}s; auto-detection tries them in order. */
public final class RequirementSources {
  public static final List<RequirementSource> ALL = List.of(new RequirementsTxtSource());

  private RequirementSources() {}

  public static Optional<RequirementSource> detect(Path file) {
    return ALL.stream().filter(s -> s.detects(file)).findFirst();
  }

  /** The requirements.txt reader, used for {@code -r} and as the fallback. */
  public static RequirementSource requirementsTxt() {
    return ALL.get(0);
  }
}
