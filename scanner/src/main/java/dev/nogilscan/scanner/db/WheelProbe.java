package dev.nogilscan.scanner.db;

import dev.nogilscan.compatdb.ProbeFinding;
import dev.nogilscan.compatdb.pep.WheelFilename;
import dev.nogilscan.scanner.index.DistributionFile;
import java.time.LocalDate;

/**
 * Imports one free-threaded wheel on a free-threaded interpreter for {@code db update}.
 * Implementations are thread safe and turn every failure of the wheel into a finding (outcome
 * {@code probe-failed} with the reason), never an exception.
 */
public interface WheelProbe {
  /** Downloads, installs and imports the wheel. */
  ProbeFinding probe(DistributionFile file, WheelFilename wheel, LocalDate today);

  /** The interpreter, e.g. {@code CPython 3.13.5t (/path/python3.13t)}. */
  String describe();
}
