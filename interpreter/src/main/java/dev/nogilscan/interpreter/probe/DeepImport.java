package dev.nogilscan.interpreter.probe;

import java.util.List;
import java.util.Optional;

/**
 * The {@code --deep} phase of a probe: submodules imported after the top-level names.
 *
 * @param modules each submodule import attempted, in order
 * @param skipped submodules not imported by rule ({@code tests}, {@code __main__}, …)
 * @param truncated why the walk stopped early (limit or time), when it did
 * @param gilModules submodules (or their imports) that required the GIL, from the {@code -v} lines
 * @param interruptedAt the submodule being imported when the interpreter died or was killed
 */
public record DeepImport(
    List<ModuleImport> modules,
    List<String> skipped,
    Optional<String> truncated,
    List<String> gilModules,
    Optional<String> interruptedAt) {
  public DeepImport {
    modules = List.copyOf(modules);
    skipped = List.copyOf(skipped);
    gilModules = List.copyOf(gilModules);
  }

  /** The submodules whose import raised. */
  public List<ModuleImport> failures() {
    return modules.stream().filter(m -> !m.imported()).toList();
  }
}
