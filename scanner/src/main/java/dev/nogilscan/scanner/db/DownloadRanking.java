package dev.nogilscan.scanner.db;

import dev.nogilscan.compatdb.pep.PackageName;
import dev.nogilscan.scanner.input.InputException;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A download ranking of PyPI projects: a tab-separated file whose first line names the columns,
 * among them {@code name} and a rank column whose name starts with {@code rank} (lower is more
 * downloaded); rows without a rank are not ranked.
 *
 * @param projects the ranked projects, most downloaded first
 * @param listed the projects the file lists, ranked or not, whose name ends in {@code -ft} (the
 *     free-threading forks, e.g. {@code pyyaml-ft})
 * @param source the file, for the data header
 */
public record DownloadRanking(List<Ranked> projects, Set<PackageName> listed, String source) {
  /** One ranked project. */
  public record Ranked(PackageName name, int rank) {}

  public DownloadRanking {
    projects = List.copyOf(projects);
    listed = Set.copyOf(listed);
  }

  /** The rank of a project, if ranked. */
  public Optional<Integer> rank(PackageName name) {
    return projects.stream().filter(r -> r.name().equals(name)).map(Ranked::rank).findFirst();
  }

  private static boolean isForkName(String name) {
    int n = name.strip().length();
    return n > 3 && name.strip().regionMatches(true, n - 3, "-ft", 0, 3)
        || name.strip().regionMatches(true, n - 3, "_ft", 0, 3)
        || name.strip().regionMatches(true, n - 3, ".ft", 0, 3);
  }

  /**
   * Reads the file.
   *
   * @throws InputException when it cannot be read or lacks the columns, naming the file and line
   */
  public static DownloadRanking read(Path file) {
    Map<PackageName, Integer> ranks = new LinkedHashMap<>();
    Set<PackageName> listed = new HashSet<>();
    try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      String header = in.readLine();
      if (header == null) {
        throw new InputException(file + ":1: expected a header line naming the columns");
      }
      List<String> cols = List.of(header.split("\t", -1));
      int nameCol = cols.indexOf("name");
      int rankCol = -1;
      for (int i = 0; i < cols.size(); i++) {
        if (cols.get(i).startsWith("rank")) {
          rankCol = i;
        }
      }
      if (nameCol < 0 || rankCol < 0) {
        throw new InputException(
            file
                + ":1: expected columns 'name' and 'rank...' but found "
                + String.join(", ", cols));
      }
      String line;
      int lineNo = 1;
      while ((line = in.readLine()) != null) {
        lineNo++;
        String[] f = line.split("\t", -1);
        if (f.length > nameCol && isForkName(f[nameCol])) {
          PackageName.tryParse(f[nameCol].strip()).ifPresent(listed::add);
        }
        if (f.length <= Math.max(nameCol, rankCol) || f[rankCol].isBlank()) {
          continue;
        }
        int rank;
        try {
          rank = Integer.parseInt(f[rankCol].strip());
        } catch (NumberFormatException e) {
          throw new InputException(
              file + ":" + lineNo + ": expected a rank number but found '" + f[rankCol] + "'");
        }
        Optional<PackageName> name = PackageName.tryParse(f[nameCol].strip());
        if (name.isPresent()) {
          ranks.merge(name.get(), rank, Math::min);
        }
      }
    } catch (IOException e) {
      throw new InputException(
          "cannot read the download ranking " + file + ": " + e.getMessage(), e);
    }
    List<Ranked> list = new ArrayList<>();
    ranks.forEach((n, r) -> list.add(new Ranked(n, r)));
    list.sort(Comparator.comparingInt(Ranked::rank).thenComparing(Ranked::name));
    return new DownloadRanking(list, listed, file.toString());
  }
}
