package dev.nogilscan.scanner.archive;

import static dev.nogilscan.scanner.archive.TestArchives.wheel;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WheelInstallerTest {
  private static final String WHL = "demo-1.0-cp313-cp313t-manylinux_2_17_x86_64.whl";

  @TempDir Path archives;
  @TempDir Path parent;
  private Path target;
  private final WheelInstaller installer = new WheelInstaller(ArchiveLimits.DEFAULT);

  @BeforeEach
  void createTarget() throws IOException {
    target = Files.createDirectory(parent.resolve("site"));
  }

  /** Every path below {@code root}, relative, with '/' separators, sorted. */
  private static List<String> tree(Path root) throws IOException {
    try (Stream<Path> s = Files.walk(root)) {
      return s.filter(p -> !p.equals(root))
          .map(
              p ->
                  root.relativize(p).toString().replace('\\', '/')
                      + (Files.isDirectory(p) ? "/" : ""))
          .sorted()
          .toList();
    }
  }

  @Test
  void installsPurelibAndPlatlibAndSkipsOtherData() throws Exception {
    Path whl =
        wheel("demo", "1.0")
            .directory("demo/")
            .file("demo/__init__.py", "VALUE = 1\n")
            .file("demo-1.0.data/purelib/extra/__init__.py", "EXTRA = 2\n")
            .file("demo-1.0.data/platlib/_fast.cpython-313t-x86_64-linux-gnu.so", "\u007fELF")
            .file(
                "demo-1.0.data/scripts/demo-tool",
                "#!/bin/sh\n".getBytes(),
                TestArchives.EXECUTABLE)
            .file("demo-1.0.data/headers/demo.h", "#define X\n")
            .file("demo-1.0.data/data/share/demo.txt", "data\n")
            .zip(archives.resolve(WHL));

    installer.install(whl, WHL, target);

    assertThat(tree(target))
        .containsExactly(
            "_fast.cpython-313t-x86_64-linux-gnu.so",
            "demo-1.0.dist-info/",
            "demo-1.0.dist-info/METADATA",
            "demo-1.0.dist-info/WHEEL",
            "demo/",
            "demo/__init__.py",
            "extra/",
            "extra/__init__.py");
    assertThat(target.resolve("demo/__init__.py")).hasContent("VALUE = 1");
    assertThat(target.resolve("extra/__init__.py")).hasContent("EXTRA = 2");
    assertThat(tree(parent)).allMatch(p -> p.equals("site/") || p.startsWith("site/"));
  }

  @Test
  void keepsTheExecutableBit() throws Exception {
    Path whl =
        wheel("demo", "1.0")
            .file("demo/run.sh", "#!/bin/sh\n".getBytes(), TestArchives.EXECUTABLE)
            .file("demo/plain.py", "".getBytes(), TestArchives.FILE)
            .zip(archives.resolve(WHL));

    installer.install(whl, WHL, target);

    assertThat(Files.isExecutable(target.resolve("demo/run.sh"))).isTrue();
    assertThat(Files.isExecutable(target.resolve("demo/plain.py"))).isFalse();
  }

  @Test
  void dotDotEntryIsRefusedAndNothingIsWritten() throws Exception {
    Path whl =
        wheel("demo", "1.0")
            .file("demo/__init__.py", "")
            .file("demo-1.0.data/purelib/../../../escaped.py", "import os")
            .zip(archives.resolve(WHL));

    assertThatThrownBy(() -> installer.install(whl, WHL, target))
        .isInstanceOf(ArchiveException.class)
        .hasMessage(
            WHL
                + ": entry 'demo-1.0.data/purelib/../../../escaped.py' escapes the archive with '..'");
    assertThat(tree(parent)).containsExactly("site/");
  }

  @Test
  void absoluteEntryIsRefusedAndNothingIsWritten() throws Exception {
    Path outside = parent.resolve("outside.py");
    Path whl =
        wheel("demo", "1.0").file(outside.toString(), "import os").zip(archives.resolve(WHL));

    assertThatThrownBy(() -> installer.install(whl, WHL, target))
        .isInstanceOf(ArchiveException.class)
        .hasMessage(WHL + ": unsafe entry name '" + outside + "'");
    assertThat(tree(parent)).containsExactly("site/");
  }

  @Test
  void symlinkEntryIsRefusedAndNoLinkIsCreated() throws Exception {
    Path whl =
        wheel("demo", "1.0")
            .symlink("demo/escape", parent.toString())
            .file("demo/__init__.py", "")
            .zip(archives.resolve(WHL));

    assertThatThrownBy(() -> installer.install(whl, WHL, target))
        .isInstanceOf(ArchiveException.class)
        .hasMessage(WHL + ": entry 'demo/escape' is a symbolic link");
    assertThat(tree(parent)).containsExactly("site/");
  }

  @Test
  void duplicateEntryIsRefused() throws Exception {
    Path whl =
        wheel("demo", "1.0")
            .file("demo/__init__.py", "good")
            .file("demo/__init__.py", "evil")
            .zip(archives.resolve(WHL));

    assertThatThrownBy(() -> installer.install(whl, WHL, target))
        .isInstanceOf(ArchiveException.class)
        .hasMessage(WHL + ": duplicate entry 'demo/__init__.py'");
    assertThat(tree(parent)).containsExactly("site/");
  }

  @Test
  void tooManyEntriesAreRefused() throws Exception {
    Path whl = wheel("demo", "1.0").file("a.py", "").file("b.py", "").zip(archives.resolve(WHL));
    WheelInstaller small = new WheelInstaller(new ArchiveLimits(3, 1 << 20, 1000, 1 << 20));

    assertThatThrownBy(() -> small.install(whl, WHL, target))
        .isInstanceOf(ArchiveException.class)
        .hasMessage(WHL + ": 4 entries, more than the limit of 3");
    assertThat(tree(parent)).containsExactly("site/");
  }

  @Test
  void unreadableWheelIsAnArchiveException() throws Exception {
    Path whl = Files.writeString(archives.resolve(WHL), "not a zip");

    assertThatThrownBy(() -> installer.install(whl, WHL, target))
        .isInstanceOf(ArchiveException.class)
        .hasMessageStartingWith(WHL + ": cannot install for the probe: ");
    assertThat(tree(parent)).containsExactly("site/");
  }
}
