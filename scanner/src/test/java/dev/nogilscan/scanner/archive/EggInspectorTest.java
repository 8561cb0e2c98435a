package dev.nogilscan.scanner.archive;

import static dev.nogilscan.scanner.archive.TestArchives.archive;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EggInspectorTest {
  private static final String EGG = "demo-1.0-py3.8-linux-x86_64.egg";

  @TempDir Path dir;
  private final EggInspector inspector = new EggInspector(ArchiveLimits.DEFAULT);

  private static TestArchives egg() {
    return archive()
        .file("EGG-INFO/PKG-INFO", TestArchives.metadata("demo", "1.0"))
        .file("EGG-INFO/SOURCES.txt", "demo/__init__.py\n");
  }

  @Test
  void acceptsEggsOnly() {
    assertThat(inspector.accepts(EGG)).isTrue();
    assertThat(inspector.accepts("demo-1.0-py3-none-any.whl")).isFalse();
    assertThat(inspector.accepts("demo-1.0.zip")).isFalse();
  }

  @Test
  void nativeEggWithTopLevel() throws Exception {
    Path egg =
        egg()
            .file("EGG-INFO/top_level.txt", "demo\n_demo_speedups\n")
            .file("EGG-INFO/native_libs.txt", "_demo_speedups.cpython-38-x86_64-linux-gnu.so\n")
            .file("demo/__init__.py", "")
            .file("_demo_speedups.py", "# setuptools loader stub\n")
            .file("_demo_speedups.cpython-38-x86_64-linux-gnu.so", "\u007fELF")
            .zip(dir.resolve(EGG));

    Inspection inspection = inspector.inspect(egg, EGG);

    assertThat(inspection.kind()).isEqualTo("native");
    assertThat(inspection.extensions())
        .containsExactly(
            new ExtensionModule("_demo_speedups.cpython-38-x86_64-linux-gnu.so", "cpython-38"));
    assertThat(inspection.importNames()).containsExactly("_demo_speedups", "demo");
    assertThat(inspection.metadata()).contains(TestArchives.metadata("demo", "1.0"));
    assertThat(inspection.entries()).isEqualTo(7);
    assertThat(inspection.record()).isEmpty();
  }

  @Test
  void pureEggNamesFromTheFileList() throws Exception {
    Path egg = egg().file("demo/__init__.py", "").file("demo/sub.py", "").zip(dir.resolve(EGG));

    Inspection inspection = inspector.inspect(egg, EGG);

    assertThat(inspection.kind()).isEqualTo("pure");
    assertThat(inspection.importNames()).containsExactly("demo");
  }

  @Test
  void eggWithoutPkgInfoIsRefused() throws Exception {
    Path egg = archive().file("demo/__init__.py", "").zip(dir.resolve(EGG));

    assertThatThrownBy(() -> inspector.inspect(egg, EGG))
        .isInstanceOf(ArchiveException.class)
        .hasMessage(EGG + ": not an egg: no EGG-INFO/PKG-INFO member");
  }

  @Test
  void hostileEggIsRefused() throws Exception {
    Path egg = egg().file("../../evil.py", "").zip(dir.resolve(EGG));

    assertThatThrownBy(() -> inspector.inspect(egg, EGG))
        .isInstanceOf(ArchiveException.class)
        .hasMessage(EGG + ": entry '../../evil.py' escapes the archive with '..'");
  }

  @Test
  void symlinkInAnEggIsRefused() throws Exception {
    Path egg = egg().symlink("demo/link.py", "/etc/passwd").zip(dir.resolve(EGG));

    assertThatThrownBy(() -> inspector.inspect(egg, EGG))
        .isInstanceOf(ArchiveException.class)
        .hasMessage(EGG + ": entry 'demo/link.py' is a symbolic link");
  }
}
