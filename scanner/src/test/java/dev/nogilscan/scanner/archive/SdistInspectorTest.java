package dev.nogilscan.scanner.archive;

import static dev.nogilscan.scanner.archive.TestArchives.archive;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SdistInspectorTest {
  private static final String PKG_INFO = "Metadata-Version: 2.1\nName: demo\nVersion: 1.0\n";
  private static final String TGZ = "demo-1.0.tar.gz";

  @TempDir Path dir;
  private final SdistInspector inspector = new SdistInspector(ArchiveLimits.DEFAULT);

  /** A pure sdist in the usual layout: one top directory, PKG-INFO, src layout, tests. */
  private static TestArchives pure() {
    return archive()
        .directory("demo-1.0/")
        .file("demo-1.0/PKG-INFO", PKG_INFO)
        .file("demo-1.0/pyproject.toml", "[build-system]\nrequires = [\"setuptools\"]\n")
        .file("demo-1.0/setup.py", "from setuptools import setup\nsetup()\n")
        .file("demo-1.0/src/demo/__init__.py", "")
        .file("demo-1.0/src/demo/util.py", "")
        .file("demo-1.0/tests/test_demo.py", "")
        .file("demo-1.0/docs/conf.py", "");
  }

  @Test
  void acceptsSdistExtensions() {
    assertThat(inspector.accepts("demo-1.0.tar.gz")).isTrue();
    assertThat(inspector.accepts("demo-1.0.tgz")).isTrue();
    assertThat(inspector.accepts("demo-1.0.tar.bz2")).isTrue();
    assertThat(inspector.accepts("demo-1.0.tar.xz")).isTrue();
    assertThat(inspector.accepts("demo-1.0.zip")).isTrue();
    assertThat(inspector.accepts("demo-1.0-py3-none-any.whl")).isFalse();
    assertThat(inspector.accepts("demo-1.0.tar")).isFalse();
  }

  @Test
  void pureSdist() throws Exception {
    Path sdist = pure().tarGz(dir.resolve(TGZ));

    assertThat(inspector.inspect(sdist, TGZ))
        .isEqualTo(
            new Inspection(
                TGZ,
                "pure",
                List.of(),
                List.of(),
                List.of(),
                List.of("demo"),
                Optional.of(PKG_INFO),
                8));
  }

  @Test
  void cSourcesWithPyModGilNotUsed() throws Exception {
    Path sdist =
        pure()
            .file(
                "demo-1.0/src/demo/_core.c",
                "static PyModuleDef_Slot slots[] = {\n"
                    + "  {Py_mod_gil, Py_MOD_GIL_NOT_USED},\n  {0, NULL}};\n")
            .file("demo-1.0/src/demo/_core.h", "#define X 1\n")
            .file("demo-1.0/src/demo/_helpers.cpp", "// no declaration here\n")
            .tarGz(dir.resolve(TGZ));

    Inspection inspection = inspector.inspect(sdist, TGZ);

    assertThat(inspection.kind()).isEqualTo("native");
    assertThat(inspection.nativeSources())
        .containsExactly("C++: src/demo/_helpers.cpp", "C: src/demo/_core.c");
    assertThat(inspection.freeThreadingHints())
        .containsExactly("Py_mod_gil = Py_MOD_GIL_NOT_USED in src/demo/_core.c");
    assertThat(inspection.extensions()).isEmpty();
  }

  @Test
  void cythonSourcesWithFreethreadingCompatible() throws Exception {
    Path sdist =
        archive()
            .file("demo-1.0/PKG-INFO", PKG_INFO)
            .file("demo-1.0/demo/__init__.py", "")
            .file(
                "demo-1.0/demo/_fast.pyx",
                "# cython: freethreading_compatible = True\ndef f(): pass\n")
            .file("demo-1.0/demo/_fast.pxd", "cdef int x\n")
            .tarGz(dir.resolve(TGZ));

    Inspection inspection = inspector.inspect(sdist, TGZ);

    assertThat(inspection.kind()).isEqualTo("native");
    assertThat(inspection.nativeSources())
        .containsExactly("Cython: demo/_fast.pxd", "Cython: demo/_fast.pyx");
    assertThat(inspection.freeThreadingHints())
        .containsExactly("Cython freethreading_compatible in demo/_fast.pyx");
    assertThat(inspection.importNames()).containsExactly("demo");
  }

  @Test
  void rustCrateWithGilUsedFalse() throws Exception {
    Path sdist =
        archive()
            .file("demo-1.0/PKG-INFO", PKG_INFO)
            .file("demo-1.0/Cargo.toml", "[package]\nname = \"demo\"\n")
            .file(
                "demo-1.0/src/lib.rs",
                "#[pymodule(gil_used = false)]\nfn demo(m: &Bound<'_, PyModule>) {}\n")
            .file("demo-1.0/python/demo/__init__.py", "")
            .tarGz(dir.resolve(TGZ));

    Inspection inspection = inspector.inspect(sdist, TGZ);

    assertThat(inspection.kind()).isEqualTo("native");
    assertThat(inspection.nativeSources()).containsExactly("Rust: Cargo.toml", "Rust: src/lib.rs");
    assertThat(inspection.freeThreadingHints())
        .containsExactly("PyO3 gil_used = false in src/lib.rs");
  }

  @Test
  void nativeSourcesWithoutDeclarationsHaveNoHints() throws Exception {
    Path sdist =
        pure()
            .file("demo-1.0/src/demo/_core.c", "PyMODINIT_FUNC PyInit__core(void) {}\n")
            .tarGz(dir.resolve(TGZ));

    Inspection inspection = inspector.inspect(sdist, TGZ);

    assertThat(inspection.nativeSources()).containsExactly("C: src/demo/_core.c");
    assertThat(inspection.freeThreadingHints()).isEmpty();
  }

  @Test
  void hintInAPythonFileIsNotADeclaration() throws Exception {
    Path sdist =
        pure()
            .file("demo-1.0/src/demo/notes.py", "# Py_MOD_GIL_NOT_USED someday\n")
            .tarGz(dir.resolve(TGZ));

    assertThat(inspector.inspect(sdist, TGZ).freeThreadingHints()).isEmpty();
  }

  @Test
  void zipSdist() throws Exception {
    String name = "demo-1.0.zip";
    Path sdist =
        pure().file("demo-1.0/src/demo/_core.c", "Py_MOD_GIL_NOT_USED").zip(dir.resolve(name));

    Inspection inspection = inspector.inspect(sdist, name);

    assertThat(inspection.filename()).isEqualTo(name);
    assertThat(inspection.metadata()).contains(PKG_INFO);
    assertThat(inspection.nativeSources()).containsExactly("C: src/demo/_core.c");
    assertThat(inspection.freeThreadingHints())
        .containsExactly("Py_mod_gil = Py_MOD_GIL_NOT_USED in src/demo/_core.c");
    assertThat(inspection.importNames()).containsExactly("demo");
  }

  @Test
  void tarBz2Sdist() throws Exception {
    String name = "demo-1.0.tar.bz2";
    Path sdist = pure().tarBz2(dir.resolve(name));

    Inspection inspection = inspector.inspect(sdist, name);

    assertThat(inspection.kind()).isEqualTo("pure");
    assertThat(inspection.metadata()).contains(PKG_INFO);
    assertThat(inspection.importNames()).containsExactly("demo");
  }

  @Test
  void tarXzSdist() throws Exception {
    String name = "demo-1.0.tar.xz";
    Path sdist = pure().tarXz(dir.resolve(name));

    assertThat(inspector.inspect(sdist, name).metadata()).contains(PKG_INFO);
  }

  @Test
  void noPkgInfo() throws Exception {
    Path sdist = archive().file("demo-1.0/demo.py", "").tarGz(dir.resolve(TGZ));

    Inspection inspection = inspector.inspect(sdist, TGZ);

    assertThat(inspection.metadata()).isEmpty();
    assertThat(inspection.importNames()).containsExactly("demo");
  }

  @Test
  void symlinkEntryIsNotedButNotRead() throws Exception {
    Path sdist = pure().symlink("demo-1.0/src/demo/link.c", "/etc/passwd").tarGz(dir.resolve(TGZ));

    Inspection inspection = inspector.inspect(sdist, TGZ);

    assertThat(inspection.nativeSources()).isEmpty();
    assertThat(inspection.entries()).isEqualTo(9);
  }

  @Test
  void dotDotEntryIsRefused() throws Exception {
    Path sdist = pure().file("demo-1.0/../../evil.sh", "rm -rf ~").tarGz(dir.resolve(TGZ));

    assertThatThrownBy(() -> inspector.inspect(sdist, TGZ))
        .isInstanceOf(ArchiveException.class)
        .hasMessage(TGZ + ": entry 'demo-1.0/../../evil.sh' escapes the archive with '..'");
  }

  @Test
  void absoluteEntryIsRefused() throws Exception {
    Path sdist = pure().file("/tmp/evil.sh", "").tarGz(dir.resolve(TGZ));

    assertThatThrownBy(() -> inspector.inspect(sdist, TGZ))
        .isInstanceOf(ArchiveException.class)
        .hasMessage(TGZ + ": unsafe entry name '/tmp/evil.sh'");
  }

  @Test
  void dotDotEntryInAZipSdistIsRefused() throws Exception {
    String name = "demo-1.0.zip";
    Path sdist = pure().file("demo-1.0/../evil.py", "").zip(dir.resolve(name));

    assertThatThrownBy(() -> inspector.inspect(sdist, name))
        .isInstanceOf(ArchiveException.class)
        .hasMessage(name + ": entry 'demo-1.0/../evil.py' escapes the archive with '..'");
  }

  @Test
  void aNameTwiceIsReadAsExtractionWouldLeaveIt() throws Exception {
    Path sdist =
        pure()
            .file("demo-1.0/setup.py", "evil")
            .file("demo-1.0/PKG-INFO", PKG_INFO + "Requires-Dist: later\n")
            .tarGz(dir.resolve(TGZ));

    Inspection inspection = inspector.inspect(sdist, TGZ);

    assertThat(inspection.metadata()).contains(PKG_INFO + "Requires-Dist: later\n");
    assertThat(inspection.importNames()).containsExactly("demo");
  }

  @Test
  void tooManyEntriesAreRefused() throws Exception {
    Path sdist = pure().tarGz(dir.resolve(TGZ));
    SdistInspector small = new SdistInspector(new ArchiveLimits(5, 1 << 20, 1000, 1 << 20));

    assertThatThrownBy(() -> small.inspect(sdist, TGZ))
        .isInstanceOf(ArchiveException.class)
        .hasMessage(TGZ + ": more than 5 entries");
  }

  @Test
  void tooManyBytesAreRefused() throws Exception {
    Path sdist = pure().file("demo-1.0/big.txt", "x".repeat(500)).tarGz(dir.resolve(TGZ));
    SdistInspector small = new SdistInspector(new ArchiveLimits(100, 400, 1000, 1 << 20));

    assertThatThrownBy(() -> small.inspect(sdist, TGZ))
        .isInstanceOf(ArchiveException.class)
        .hasMessage(TGZ + ": more than 400 bytes uncompressed");
  }

  @Test
  void tooManyBytesInAStreamedZipAreRefused() throws Exception {
    String name = "demo-1.0.zip";
    Path sdist = pure().file("demo-1.0/big.txt", "x".repeat(500)).zipStreamed(dir.resolve(name));
    SdistInspector small = new SdistInspector(new ArchiveLimits(100, 400, 1000, 1 << 20));

    assertThatThrownBy(() -> small.inspect(sdist, name))
        .isInstanceOf(ArchiveException.class)
        .hasMessage(name + ": more than 400 bytes uncompressed");
  }

  @Test
  void streamedZipSdistIsRead() throws Exception {
    String name = "demo-1.0.zip";
    Path sdist =
        pure()
            .file("demo-1.0/src/demo/_core.c", "Py_MOD_GIL_NOT_USED")
            .zipStreamed(dir.resolve(name));

    Inspection inspection = inspector.inspect(sdist, name);

    assertThat(inspection.metadata()).contains(PKG_INFO);
    assertThat(inspection.freeThreadingHints())
        .containsExactly("Py_mod_gil = Py_MOD_GIL_NOT_USED in src/demo/_core.c");
  }

  @Test
  void oversizedPkgInfoIsRefused() throws Exception {
    Path sdist = pure().tarGz(dir.resolve(TGZ));
    SdistInspector small = new SdistInspector(new ArchiveLimits(100, 1 << 20, 1000, 10));

    assertThatThrownBy(() -> small.inspect(sdist, TGZ))
        .isInstanceOf(ArchiveException.class)
        .hasMessage(TGZ + ": demo-1.0/PKG-INFO is larger than 10 bytes");
  }

  @Test
  void emptyArchiveIsRefused() throws Exception {
    Path sdist = archive().tarGz(dir.resolve(TGZ));

    assertThatThrownBy(() -> inspector.inspect(sdist, TGZ))
        .isInstanceOf(ArchiveException.class)
        .hasMessage(TGZ + ": empty archive");
  }

  @Test
  void notGzipIsUnreadable() throws Exception {
    Path sdist = Files.writeString(dir.resolve(TGZ), "<html>not found</html>");

    assertThatThrownBy(() -> inspector.inspect(sdist, TGZ))
        .isInstanceOf(ArchiveException.class)
        .hasMessageStartingWith(TGZ + ": unreadable sdist: ");
  }
}
