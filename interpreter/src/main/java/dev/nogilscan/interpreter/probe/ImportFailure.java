package dev.nogilscan.interpreter.probe;

/** Why an import raised, as far as the probe can tell. */
public enum ImportFailure {
  /**
   * {@code ModuleNotFoundError} for a module outside the distribution's own import names: a
   * dependency that was not installed, not a defect of the distribution.
   */
  MISSING_DEPENDENCY,
  /**
   * Any other {@code ImportError}: one of the distribution's own modules is missing, a name it
   * imports does not exist, or an extension does not load (wrong ABI, undefined symbol).
   */
  BROKEN_PACKAGE,
  /** The module called {@code sys.exit} (raised {@code SystemExit}) while being imported. */
  SYSTEM_EXIT,
  /** The module's own code raised something other than ImportError or SystemExit. */
  EXCEPTION
}
