package dev.nogilscan.interpreter.probe;

/** How the import probe of one distribution ended, worst last. */
public enum ProbeOutcome {
  /** Every module imported and the GIL stayed disabled. */
  CLEAN,
  /** Every module imported, but at least one import re-enabled the GIL. */
  GIL_REENABLED,
  /**
   * A module raised during import (ImportError or any other exception); {@link
   * ModuleImport#failure()} tells a missing dependency from a broken package.
   */
  IMPORT_ERROR,
  /** Importing called {@code sys.exit}, or ended the interpreter with an exit status. */
  EXIT_AT_IMPORT,
  /** The interpreter died (a signal, e.g. SIGSEGV) while importing. */
  CRASH,
  /** The import did not finish within the time limit; the process group was killed. */
  TIMEOUT,
  /**
   * The probe itself could not run, its answer could not be read, another distribution in the same
   * process ended it first, or the GIL was already enabled before the first import.
   */
  PROBE_FAILED
}
