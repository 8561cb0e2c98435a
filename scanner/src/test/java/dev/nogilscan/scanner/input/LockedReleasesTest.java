package dev.nogilscan.scanner.input;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nogilscan.compatdb.pep.PackageName;
import dev.nogilscan.compatdb.pep.TargetEnvironment;
import dev.nogilscan.scanner.index.DistributionFile;
import dev.nogilscan.scanner.index.PackageIndex;
import dev.nogilscan.scanner.index.ProjectPage;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Locked releases become candidates without resolving; the file is chosen as the resolver does. */
class LockedReleasesTest {
  private static final TargetEnvironment TARGET =
      TargetEnvironment.parse("3.14t/manylinux_2_36_x86_64");
  private static final String A = "a".repeat(64);
  private static final String B = "b".repeat(64);

  private static DistributionFile file(String name, Optional<String> sha) {
    return new DistributionFile(
        name, "https://files.example/" + name, sha, Optional.empty(), Optional.empty(), false);
  }

  private static PackageIndex index(Map<String, List<DistributionFile>> pages) {
    return new PackageIndex() {
      @Override
      public Optional<ProjectPage> project(PackageName name) {
        List<DistributionFile> files = pages.get(name.normalized());
        return files == null
            ? Optional.empty()
            : Optional.of(new ProjectPage(name, "https://index.example/" + name, "json", files));
      }

      @Override
      public Optional<String> metadata(DistributionFile file) {
        return Optional.empty();
      }

      @Override
      public InputStream open(DistributionFile file) throws IOException {
        throw new IOException("not in this test");
      }

      @Override
      public String describe() {
        return "https://index.example/";
      }
    };
  }

  private static InputRequirement locked(
      String name, String version, List<Locked.LockedFile> files, List<String> deps) {
    return LockEntries.locked(
        name,
        version,
        Optional.empty(),
        files,
        deps.stream().map(PackageName::of).toList(),
        "uv.lock:1");
  }

  @Test
  void theLockedVersionsBestFileForTheTargetNotTheNewest() {
    PackageIndex index =
        index(
            Map.of(
                "demo",
                List.of(
                    file("demo-1.0.tar.gz", Optional.of(A)),
                    file("demo-1.0-cp314-cp314t-manylinux_2_17_x86_64.whl", Optional.of(B)),
                    file("demo-1.0-cp314-cp314t-win_amd64.whl", Optional.empty()),
                    file("demo-2.0-py3-none-any.whl", Optional.empty()))));
    LockedReleases.Planned p =
        new LockedReleases(index, TARGET)
            .plan(List.of(locked("demo", "1.0", List.of(), List.of())))
            .get(0);
    assertThat(p.skipReason()).isEmpty();
    assertThat(p.candidate().get().version().toString()).isEqualTo("1.0");
    assertThat(p.candidate().get().file().filename())
        .isEqualTo("demo-1.0-cp314-cp314t-manylinux_2_17_x86_64.whl");
    assertThat(p.candidate().get().installable()).isTrue();
  }

  @Test
  void aHashMismatchBetweenLockAndIndexSkipsWithTheReason() {
    PackageIndex index =
        index(Map.of("demo", List.of(file("demo-1.0-py3-none-any.whl", Optional.of(A)))));
    Locked.LockedFile lockFile =
        new Locked.LockedFile(
            Optional.of("demo-1.0-py3-none-any.whl"), Optional.empty(), Optional.of(B));
    LockedReleases.Planned p =
        new LockedReleases(index, TARGET)
            .plan(List.of(locked("demo", "1.0", List.of(lockFile), List.of())))
            .get(0);
    assertThat(p.candidate()).isEmpty();
    assertThat(p.skipReason())
        .contains(
            "sha256 of demo-1.0-py3-none-any.whl on the index ("
                + A
                + ") differs from the lock's ("
                + B
                + ")");
  }

  @Test
  void bareLockHashesMustIncludeTheChosenFiles() {
    PackageIndex index =
        index(Map.of("demo", List.of(file("demo-1.0-py3-none-any.whl", Optional.of(A)))));
    Locked.LockedFile bare =
        Locked.LockedFile.of(Optional.empty(), Optional.empty(), Optional.of("sha256:" + B));
    assertThat(
            new LockedReleases(index, TARGET)
                .plan(List.of(locked("demo", "1.0", List.of(bare), List.of())))
                .get(0)
                .skipReason())
        .contains(
            "sha256 of demo-1.0-py3-none-any.whl on the index ("
                + A
                + ") is not among the lock's hashes");
  }

  @Test
  void theLocksHashIsKeptWhenTheIndexGivesNone() {
    PackageIndex index =
        index(Map.of("demo", List.of(file("demo-1.0-py3-none-any.whl", Optional.empty()))));
    Locked.LockedFile lockFile =
        new Locked.LockedFile(
            Optional.of("demo-1.0-py3-none-any.whl"), Optional.empty(), Optional.of(B));
    assertThat(
            new LockedReleases(index, TARGET)
                .plan(List.of(locked("demo", "1.0", List.of(lockFile), List.of())))
                .get(0)
                .candidate()
                .get()
                .file()
                .sha256())
        .contains(B);
  }

  @Test
  void aVersionTheIndexLacksComesFromTheLocksUrls() {
    PackageIndex index = index(Map.of());
    Locked.LockedFile lockFile =
        new Locked.LockedFile(
            Optional.of("demo-1.0-py3-none-any.whl"),
            Optional.of("https://mirror.example/demo-1.0-py3-none-any.whl"),
            Optional.of(B));
    LockedReleases.Planned p =
        new LockedReleases(index, TARGET)
            .plan(
                List.of(
                    locked("demo", "1.0", List.of(lockFile), List.of()),
                    locked("gone", "3.0", List.of(), List.of())))
            .get(0);
    assertThat(p.candidate().get().file().url())
        .isEqualTo("https://mirror.example/demo-1.0-py3-none-any.whl");
    assertThat(
            new LockedReleases(index, TARGET)
                .plan(List.of(locked("gone", "3.0", List.of(), List.of())))
                .get(0)
                .skipReason())
        .contains(
            "locked version 3.0 of gone is not on the index https://index.example/ and the lock"
                + " gives no file URL for it");
  }

  @Test
  void dependenciesAreTheLockedClosure() {
    PackageIndex index =
        index(
            Map.of(
                "app", List.of(file("app-1.0-py3-none-any.whl", Optional.empty())),
                "lib", List.of(file("lib-2.0-py3-none-any.whl", Optional.empty())),
                "base", List.of(file("base-3.0-py3-none-any.whl", Optional.empty()))));
    List<LockedReleases.Planned> planned =
        new LockedReleases(index, TARGET)
            .plan(
                List.of(
                    locked("app", "1.0", List.of(), List.of("lib", "not-locked")),
                    locked("lib", "2.0", List.of(), List.of("base")),
                    locked("base", "3.0", List.of(), List.of())));
    assertThat(planned.get(0).dependencies())
        .extracting(c -> c.name().normalized())
        .containsExactly("lib", "base");
    assertThat(planned.get(2).dependencies()).isEmpty();
  }

  @Test
  void theLocksHashesChooseAFileItListsAndTravelToTheDownloadCheck() {
    // the lock (e.g. made on a machine without the free-threaded wheel) lists only the sdist
    PackageIndex index =
        index(
            Map.of(
                "demo",
                List.of(
                    file("demo-1.0.tar.gz", Optional.of(A)),
                    file("demo-1.0-cp314-cp314t-manylinux_2_17_x86_64.whl", Optional.of(B)))));
    LockedReleases.Planned p =
        new LockedReleases(index, TARGET)
            .plan(
                List.of(
                    locked(
                        "demo",
                        "1.0",
                        List.of(
                            Locked.LockedFile.of(
                                Optional.of("demo-1.0.tar.gz"),
                                Optional.empty(),
                                Optional.of("sha256:" + A))),
                        List.of())))
            .get(0);
    assertThat(p.candidate().orElseThrow().file().filename()).isEqualTo("demo-1.0.tar.gz");
    assertThat(p.candidate().orElseThrow().hashes()).containsExactly(A);
  }
}
