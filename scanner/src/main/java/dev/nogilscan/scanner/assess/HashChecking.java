package dev.nogilscan.scanner.assess;

import dev.nogilscan.compatdb.pep.PackageName;
import dev.nogilscan.compatdb.pep.Requirement;
import dev.nogilscan.compatdb.pep.Specifier;
import dev.nogilscan.scanner.input.InputException;
import dev.nogilscan.scanner.input.InputRequirement;
import dev.nogilscan.scanner.resolve.Resolution;
import dev.nogilscan.scanner.resolve.ResolvedPackage;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * pip's hash-checking mode, on when {@code --require-hashes} is given or any input line carries
 * {@code --hash}: then every package that would be installed, dependencies included, must come from
 * an input line pinned with {@code ==} (or {@code ===}) that lists the sha256 of its file. pip
 * finds these problems for all packages before it installs any and stops; so does this check, with
 * every offender in one message (exit code 2). Whether a file's bytes match is checked where it is
 * downloaded (a mismatch is that package's {@code skipped} verdict).
 *
 * <p>Not thread safe; one instance per plan.
 */
final class HashChecking {
  private final boolean on;
  private final List<String> unpinned = new ArrayList<>();
  private final List<String> missing = new ArrayList<>();
  private final List<String> unhashable = new ArrayList<>();

  HashChecking(boolean on) {
    this.on = on;
  }

  /**
   * Editable, VCS, URL and path lines: pip cannot hash them, so hash-checking mode rejects them.
   */
  void checkUnassessable(List<InputRequirement> inputs) {
    if (!on) {
      return;
    }
    for (InputRequirement in : inputs) {
      boolean url = in.requirement().flatMap(Requirement::url).isPresent();
      if (!in.constraint() && (in.skipReason().isPresent() || url)) {
        unhashable.add(in.text() + "  (" + in.origin() + ")");
      }
      if (!in.hashes().isEmpty() && in.hashes().stream().noneMatch(h -> h.startsWith("sha256:"))) {
        unhashable.add(
            in.text()
                + "  ("
                + in.origin()
                + ": only "
                + String.join(", ", in.hashes())
                + "; nogil-scan verifies sha256 only)");
      }
    }
  }

  /** Every resolved package: pinned by an input line with hashes. */
  void checkResolution(Resolution resolution, Map<PackageName, List<InputRequirement>> byName) {
    if (!on) {
      return;
    }
    for (ResolvedPackage p : resolution.packages()) {
      PackageName name = p.candidate().name();
      List<InputRequirement> lines = byName.getOrDefault(name, List.of());
      String fix =
          name
              + "=="
              + p.candidate().version()
              + p.candidate()
                  .file()
                  .sha256()
                  .map(h -> " --hash=sha256:" + h)
                  .orElse(" --hash=sha256:<the sha256 of " + p.candidate().file().filename() + ">");
      if (lines.isEmpty()) {
        // a dependency: pip checks the requirement that first asked for it
        String first = p.requirements().isEmpty() ? name.toString() : p.requirements().get(0);
        String by =
            "  (required by "
                + (p.requiredBy().isEmpty() ? "?" : p.requiredBy().get(0).label())
                + ")";
        if (pinned(Requirement.tryParse(first))) {
          missing.add(fix + by);
        } else {
          unpinned.add(first + by);
        }
        continue;
      }
      for (InputRequirement in : lines) {
        if (!pinned(in.requirement())) {
          unpinned.add(in.text() + "  (" + in.origin() + ")");
        } else if (in.hashes().isEmpty()) {
          missing.add(fix + "  (" + in.origin() + ")");
        }
      }
    }
  }

  /**
   * @throws InputException listing every problem found, when there is one
   */
  void throwIfFailed() {
    if (unpinned.isEmpty() && missing.isEmpty() && unhashable.isEmpty()) {
      return;
    }
    StringBuilder out =
        new StringBuilder(
            "hash-checking mode (on because of --require-hashes or a --hash option, as in pip):");
    if (!unpinned.isEmpty()) {
      out.append("\n  every requirement must be pinned with ==; these are not:");
      unpinned.forEach(u -> out.append("\n    ").append(u));
    }
    if (!missing.isEmpty()) {
      out.append(
          "\n  every package installed needs a requirement line with its hashes; add lines such"
              + " as:");
      missing.forEach(m -> out.append("\n    ").append(m));
    }
    if (!unhashable.isEmpty()) {
      out.append("\n  these lines cannot be checked against a sha256:");
      unhashable.forEach(u -> out.append("\n    ").append(u));
    }
    throw new InputException(out.toString());
  }

  /** pip's {@code is_pinned}: one {@code ==} without a wildcard, or {@code ===}. */
  private static boolean pinned(java.util.Optional<Requirement> r) {
    if (r.isEmpty()) {
      return false;
    }
    List<Specifier> specs = r.get().specifier().specifiers();
    if (specs.size() != 1) {
      return false;
    }
    Specifier s = specs.get(0);
    return s.operator().equals("===") || (s.operator().equals("==") && !s.isWildcard());
  }
}
