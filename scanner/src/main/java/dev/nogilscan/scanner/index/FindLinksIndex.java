package dev.nogilscan.scanner.index;

import dev.nogilscan.compatdb.pep.PackageName;
import dev.nogilscan.compatdb.pep.SdistFilename;
import dev.nogilscan.compatdb.pep.WheelFilename;
import dev.nogilscan.scanner.cache.ArchiveCache;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * A local directory of wheels and sdists ({@code --find-links DIR}), read like a flat index: a
 * project's files are those whose names parse to it. Hashes are computed from the files themselves.
 * Thread safe.
 */
public final class FindLinksIndex implements PackageIndex {
  private final Path dir;

  public FindLinksIndex(Path dir) {
    if (!Files.isDirectory(dir)) {
      throw new IndexException("--find-links " + dir + ": not a directory");
    }
    this.dir = dir.toAbsolutePath().normalize();
  }

  @Override
  public Optional<ProjectPage> project(PackageName name) throws IOException {
    List<DistributionFile> files = new ArrayList<>();
    try (Stream<Path> list = Files.list(dir)) {
      for (Path p : list.sorted().toList()) {
        String filename = p.getFileName().toString();
        boolean ours =
            filename.endsWith(".whl")
                ? WheelFilename.tryParse(filename).filter(w -> w.name().equals(name)).isPresent()
                : EggFilename.isEgg(filename)
                    ? EggFilename.tryParse(filename).filter(e -> e.name().equals(name)).isPresent()
                    : SdistFilename.tryParse(filename)
                        .filter(s -> s.name().equals(name))
                        .isPresent();
        if (ours && Files.isRegularFile(p)) {
          files.add(
              new DistributionFile(
                  filename,
                  p.toUri().toString(),
                  Optional.of(ArchiveCache.sha256(p)),
                  Optional.empty(),
                  Optional.empty(),
                  false));
        }
      }
    }
    return files.isEmpty()
        ? Optional.empty()
        : Optional.of(new ProjectPage(name, dir.toUri().toString(), "directory", files));
  }

  @Override
  public Optional<String> metadata(DistributionFile file) {
    return Optional.empty();
  }

  @Override
  public InputStream open(DistributionFile file) throws IOException {
    Path p = Path.of(java.net.URI.create(file.url())).normalize();
    if (!p.startsWith(dir)) {
      throw new IOException(file.filename() + ": not inside " + dir);
    }
    return Files.newInputStream(p);
  }

  @Override
  public String describe() {
    return dir.toString();
  }
}
