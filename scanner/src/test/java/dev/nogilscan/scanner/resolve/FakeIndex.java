package dev.nogilscan.scanner.resolve;

import dev.nogilscan.compatdb.pep.PackageName;
import dev.nogilscan.compatdb.pep.TargetEnvironment;
import dev.nogilscan.scanner.cache.ArchiveCache;
import dev.nogilscan.scanner.cache.Downloads;
import dev.nogilscan.scanner.index.DistributionFile;
import dev.nogilscan.scanner.index.PackageIndex;
import dev.nogilscan.scanner.index.ProjectPage;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;

/** An index held in memory: every wheel offers PEP 658 metadata with its Requires-Dist. */
public final class FakeIndex implements PackageIndex {
  final Map<String, List<DistributionFile>> files = new LinkedHashMap<>();
  final Map<String, String> metadata = new LinkedHashMap<>();

  public FakeIndex release(String name, String version, String... requires) {
    return file(name, version, name + "-" + version + "-py3-none-any.whl", null, requires);
  }

  public FakeIndex file(
      String name, String version, String filename, String sha, String... requires) {
    String url = "https://files.example/" + filename;
    files
        .computeIfAbsent(name, k -> new ArrayList<>())
        .add(
            new DistributionFile(
                filename, url, Optional.ofNullable(sha), Optional.empty(), Optional.empty(), true));
    StringBuilder m =
        new StringBuilder("Metadata-Version: 2.1\nName: " + name + "\nVersion: " + version);
    for (String r : requires) {
      m.append("\nRequires-Dist: ").append(r);
    }
    metadata.put(url, m.append("\n").toString());
    return this;
  }

  /**
   * A resolver over this index for {@code target}, its download cache under {@code tmp} (never
   * filled: this index serves metadata only).
   */
  public Resolver resolver(
      TargetEnvironment target, Path tmp, ExecutorService pool, boolean followDependencies) {
    return new Resolver(
        this,
        target,
        new MetadataReader(
            this, new Downloads(this, new ArchiveCache(tmp.resolve("a")), tmp), List.of()),
        followDependencies,
        false,
        pool);
  }

  /** The resolution as {@code name -> version}, names normalized and sorted. */
  public static Map<String, String> versions(Resolution r) {
    Map<String, String> out = new TreeMap<>();
    r.packages()
        .forEach(
            p -> out.put(p.candidate().name().normalized(), p.candidate().version().toString()));
    return out;
  }

  @Override
  public Optional<ProjectPage> project(PackageName name) {
    List<DistributionFile> f = files.get(name.normalized());
    return f == null
        ? Optional.empty()
        : Optional.of(new ProjectPage(name, "https://index.example/" + name, "json", f));
  }

  @Override
  public Optional<String> metadata(DistributionFile file) {
    return Optional.ofNullable(metadata.get(file.url()));
  }

  @Override
  public InputStream open(DistributionFile file) throws IOException {
    throw new IOException("the test index serves metadata only");
  }

  @Override
  public String describe() {
    return "https://index.example/";
  }
}
