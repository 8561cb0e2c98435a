package dev.nogilscan.scanner.assess;

import dev.nogilscan.scanner.resolve.Candidate;
import java.util.List;
import java.util.Optional;

/**
 * One package to assess, as planning left it.
 *
 * @param name the normalised project name, or the raw line for an unparsable input
 * @param version the resolved version, when there is one
 * @param requirement the requirement as written (inputs) or as required (dependencies)
 * @param origins the input lines it comes from
 * @param direct true when an input names it
 * @param chain who requires it, nearest first, ending at an input line
 * @param skipReason why it is not assessed, when it is not
 * @param candidate the release and file resolution chose
 * @param dependencies the releases it needs at import, transitively (installed beside it for the
 *     probe)
 * @param notes facts from resolution worth reporting
 */
public record Subject(
    String name,
    Optional<String> version,
    String requirement,
    List<String> origins,
    boolean direct,
    List<String> chain,
    Optional<String> skipReason,
    Optional<Candidate> candidate,
    List<Candidate> dependencies,
    List<String> notes) {
  public Subject {
    origins = List.copyOf(origins);
    chain = List.copyOf(chain);
    dependencies = List.copyOf(dependencies);
    notes = List.copyOf(notes);
  }

  public static Subject skipped(
      String name,
      String requirement,
      List<String> origins,
      boolean direct,
      List<String> chain,
      String reason) {
    return new Subject(
        name,
        Optional.empty(),
        requirement,
        origins,
        direct,
        chain,
        Optional.of(reason),
        Optional.empty(),
        List.of(),
        List.of());
  }
}
