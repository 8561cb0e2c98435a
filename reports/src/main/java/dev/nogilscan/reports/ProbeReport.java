package dev.nogilscan.reports;

import java.util.List;

/**
 * The import probe of one distribution, as shown in reports.
 *
 * @param outcome {@code clean}, {@code gil-reenabled}, {@code import-error}, {@code
 *     exit-at-import}, {@code crash}, {@code timeout}, {@code probe-failed}
 * @param detail one line
 * @param modules the import names tried
 * @param gilModules every module that re-enabled the GIL, in load order
 * @param output the tail of what the import printed
 * @param isolation the sandbox measures applied
 * @param interpreter the interpreter used, e.g. {@code CPython 3.13.5 free-threaded}
 */
public record ProbeReport(
    String outcome,
    String detail,
    List<String> modules,
    List<String> gilModules,
    String output,
    List<String> isolation,
    String interpreter) {
  public ProbeReport {
    modules = List.copyOf(modules);
    gilModules = List.copyOf(gilModules);
    isolation = List.copyOf(isolation);
  }
}
