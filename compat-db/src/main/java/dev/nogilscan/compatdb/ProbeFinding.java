package dev.nogilscan.compatdb;

import dev.nogilscan.compatdb.pep.Version;
import java.time.LocalDate;
import java.util.List;

/**
 * What importing one free-threaded wheel showed on a free-threaded interpreter.
 *
 * @param version the version probed
 * @param wheel the wheel file probed
 * @param interpreter the interpreter, e.g. {@code CPython 3.13.5t}
 * @param outcome {@code clean}, {@code gil-reenabled}, {@code import-error}, {@code crash}, {@code
 *     timeout}, {@code exit-at-import} or {@code probe-failed}
 * @param gilModules the modules that re-enabled the GIL, in load order
 * @param detail one line saying what happened
 * @param learned the day of the probe
 */
public record ProbeFinding(
    Version version,
    String wheel,
    String interpreter,
    String outcome,
    List<String> gilModules,
    String detail,
    LocalDate learned) {
  public ProbeFinding {
    gilModules = List.copyOf(gilModules);
  }

  /** Whether the GIL stayed disabled after every import. */
  public boolean gilStayedOff() {
    return outcome.equals("clean");
  }

  /** Whether some import re-enabled the GIL (also true when a later import failed). */
  public boolean gilReenabled() {
    return outcome.equals("gil-reenabled") || !gilModules.isEmpty();
  }
}
