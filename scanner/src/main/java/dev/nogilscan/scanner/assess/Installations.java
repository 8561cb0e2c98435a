package dev.nogilscan.scanner.assess;

import dev.nogilscan.interpreter.probe.ProbeWorkspace;
import dev.nogilscan.scanner.archive.ArchiveException;
import dev.nogilscan.scanner.archive.WheelInstaller;
import dev.nogilscan.scanner.cache.Downloads;
import dev.nogilscan.scanner.resolve.Candidate;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

/**
 * Wheels unpacked for import probes, each once per run into a directory of its own that every probe
 * needing it puts on {@code sys.path}. They go under the probe workspace's {@link
 * ProbeWorkspace#sites()}, root-owned and readable (never writable) by the user probes run as.
 * Thread safe; {@link #close()} removes them all.
 */
public final class Installations implements AutoCloseable {
  private final Path root;
  private final ProbeWorkspace workspace;
  private final Downloads downloads;
  private final WheelInstaller installer;
  private final Map<String, Object> locks = new ConcurrentHashMap<>();
  private final Map<String, Path> done = new ConcurrentHashMap<>();

  public Installations(ProbeWorkspace workspace, Downloads downloads, WheelInstaller installer) {
    this.workspace = workspace;
    this.root = workspace.sites();
    this.downloads = downloads;
    this.installer = installer;
  }

  /**
   * The directory holding the installed wheel of {@code c}.
   *
   * @throws ArchiveException when the wheel is unsafe or unreadable
   * @throws IOException when it cannot be downloaded
   */
  public Path site(Candidate c) throws IOException, ArchiveException {
    String key = c.file().filename();
    Path known = done.get(key);
    if (known != null) {
      return known;
    }
    synchronized (locks.computeIfAbsent(key, k -> new Object())) {
      known = done.get(key);
      if (known != null) {
        return known;
      }
      Files.createDirectories(root);
      Path dir = Files.createTempDirectory(root, c.name() + "-" + c.version() + "-");
      installer.install(downloads.fetch(c.file(), c.hashes()).path(), c.file().filename(), dir);
      workspace.shareable(dir);
      done.put(key, dir);
      return dir;
    }
  }

  @Override
  public void close() {
    if (!Files.exists(root)) {
      return;
    }
    try (Stream<Path> walk = Files.walk(root)) {
      walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      // best effort: the directory is the tool's own work area
    }
  }
}
