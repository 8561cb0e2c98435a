package dev.nogilscan.scanner.index;

import dev.nogilscan.compatdb.pep.PackageName;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Several indexes seen as one, as pip sees {@code --index-url} with {@code --extra-index-url}s and
 * {@code --find-links}: a project's files are the union of every index's files (the first index
 * listing a file name wins), and each file is fetched from the index that listed it. Thread safe.
 */
public final class MultiIndex implements PackageIndex {
  private final List<PackageIndex> indexes;
  private final Map<String, PackageIndex> owner = new ConcurrentHashMap<>();

  public MultiIndex(List<PackageIndex> indexes) {
    if (indexes.isEmpty()) {
      throw new IllegalArgumentException("no index");
    }
    this.indexes = List.copyOf(indexes);
  }

  @Override
  public Optional<ProjectPage> project(PackageName name) throws IOException {
    if (indexes.size() == 1) {
      return indexes.get(0).project(name);
    }
    List<DistributionFile> files = new ArrayList<>();
    List<String> seen = new ArrayList<>();
    Optional<ProjectPage> first = Optional.empty();
    for (PackageIndex index : indexes) {
      Optional<ProjectPage> page = index.project(name);
      if (page.isEmpty()) {
        continue;
      }
      if (first.isEmpty()) {
        first = page;
      }
      for (DistributionFile f : page.get().files()) {
        if (!seen.contains(f.filename())) {
          seen.add(f.filename());
          files.add(f);
          owner.put(f.url(), index);
        }
      }
    }
    return first.map(p -> new ProjectPage(name, p.url(), p.format(), files));
  }

  @Override
  public Optional<String> metadata(DistributionFile file) throws IOException {
    return ownerOf(file).metadata(file);
  }

  @Override
  public InputStream open(DistributionFile file) throws IOException {
    return ownerOf(file).open(file);
  }

  private PackageIndex ownerOf(DistributionFile file) {
    return indexes.size() == 1 ? indexes.get(0) : owner.getOrDefault(file.url(), indexes.get(0));
  }

  @Override
  public String describe() {
    return String.join(" + ", indexes.stream().map(PackageIndex::describe).toList());
  }
}
