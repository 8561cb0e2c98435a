package dev.nogilscan.scanner.cli;

import dev.nogilscan.compatdb.pep.TargetEnvironment;
import dev.nogilscan.scanner.assess.Subject;
import dev.nogilscan.scanner.resolve.Candidate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * What {@code scan --dry-run} prints: the resolution for the target in the shape of a requirements
 * file ({@code name==version}, as pip-compile writes one), each release followed by comments naming
 * the file the target would install, who requires it, and what resolution noted; a package that
 * that is not resolved (not on the index, marker false for the target, an editable or URL line) is
 * a comment with the reason. Sorted by name, so the output is deterministic.
 */
final class ResolutionListing {
  private ResolutionListing() {}

  static List<String> lines(List<Subject> subjects, TargetEnvironment target) {
    List<Subject> sorted = new ArrayList<>(subjects);
    sorted.sort(Comparator.comparing(Subject::name).thenComparing(s -> s.version().orElse("")));
    long resolved = sorted.stream().filter(s -> s.candidate().isPresent()).count();
    List<String> out = new ArrayList<>();
    out.add(
        "# what a free-threaded install would get on "
            + target.python()
            + " "
            + target.platform()
            + ": "
            + resolved
            + " release(s)"
            + (resolved == sorted.size() ? "" : ", " + (sorted.size() - resolved) + " skipped"));
    for (Subject s : sorted) {
      if (s.candidate().isEmpty()) {
        out.add("# " + s.requirement());
        s.skipReason().ifPresent(r -> out.add("    # skipped: " + r));
      } else {
        Candidate c = s.candidate().get();
        out.add(c.name() + "==" + c.version());
        out.add(
            "    # "
                + c.file().filename()
                + (c.installable() ? "" : " (no file installs on the target: a blocker)"));
      }
      List<String> via = s.chain().isEmpty() ? s.origins() : s.chain();
      if (!via.isEmpty()) {
        out.add("    # via " + String.join(" \u2190 ", via));
      }
      s.notes().forEach(n -> out.add("    # " + n));
    }
    return out;
  }
}
