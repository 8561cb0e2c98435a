package dev.nogilscan.scanner.archive;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * Where a wheel's compiled contents contradict its filename's tags (FACTS.md, "traps seen in the
 * wild"): the tag decides where pip installs it, the files decide what then loads.
 */
final class TagTraps {
  private TagTraps() {}

  static List<String> of(String filename, List<ExtensionModule> extensions) {
    List<String> traps = new ArrayList<>();
    if (extensions.isEmpty() || !filename.endsWith(".whl")) {
      return traps;
    }
    String[] parts = filename.substring(0, filename.length() - 4).split("-");
    if (parts.length < 5) {
      return traps;
    }
    Set<String> abis = Set.of(parts[parts.length - 2].split("\\."));
    Set<String> platforms = Set.of(parts[parts.length - 1].split("\\."));
    if (abis.equals(Set.of("none"))) {
      traps.add(
          "compiled extension modules inside a wheel tagged ABI 'none'"
              + (platforms.contains("any") ? " and platform 'any'" : "")
              + ": "
              + sample(extensions)
              + " built for "
              + abis(extensions)
              + "; the tag lets pip install it on any interpreter, free-threaded ones included");
    }
    if (abis.contains("abi3") && !abis.contains("abi3t")) {
      List<ExtensionModule> ft =
          extensions.stream().filter(ExtensionModule::freeThreadedAbi).toList();
      if (!ft.isEmpty()) {
        traps.add(
            "a free-threaded build tagged abi3: "
                + sample(ft)
                + " built for "
                + abis(ft)
                + "; pip never installs an abi3 wheel on a free-threaded interpreter");
      }
      List<ExtensionModule> versioned =
          extensions.stream()
              .filter(e -> e.abi().startsWith("cpython-") && !e.freeThreadedAbi())
              .toList();
      if (!versioned.isEmpty()) {
        traps.add(
            "tagged abi3 but "
                + sample(versioned)
                + " built for "
                + abis(versioned)
                + ", not the stable ABI");
      }
    }
    for (String abi : new TreeSet<>(abis)) {
      if (!abi.matches("cp3\\d+t")) {
        continue;
      }
      String own = "cpython-" + abi.substring(2);
      List<ExtensionModule> foreign =
          extensions.stream()
              .filter(
                  e -> !e.abi().equals(own) && !e.abi().equals("bare") && !e.abi().equals("abi3t"))
              .toList();
      if (!foreign.isEmpty()) {
        traps.add(
            "tagged "
                + abi
                + " but "
                + sample(foreign)
                + " built for "
                + abis(foreign)
                + ", which a "
                + abi.substring(2, 3)
                + "."
                + abi.substring(3, abi.length() - 1)
                + "t interpreter does not load");
      }
    }
    return traps;
  }

  private static String sample(List<ExtensionModule> modules) {
    return modules.get(0).path()
        + (modules.size() > 1 ? " and " + (modules.size() - 1) + " more" : "");
  }

  private static String abis(List<ExtensionModule> modules) {
    return String.join(", ", new TreeSet<>(modules.stream().map(ExtensionModule::abi).toList()));
  }
}
