package dev.nogilscan.scanner.archive;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class MembersTest {
  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource({
    "pkg/_core.cpython-313t-x86_64-linux-gnu.so, cpython-313t, true",
    "pkg/_core.cpython-314t-darwin.so, cpython-314t, true",
    "pkg/_core.cpython-314td-x86_64-linux-gnu.so, cpython-314t, true",
    "pkg/_core.cpython-313-x86_64-linux-gnu.so, cpython-313, false",
    "pkg/_core.cpython-313d-x86_64-linux-gnu.so, cpython-313, false",
    "pkg/_core.cp313t-win_amd64.pyd, cpython-313t, true",
    "pkg/_core.cp312-win_amd64.pyd, cpython-312, false",
    "pkg/_core.abi3.so, abi3, false",
    "pkg/_core.abi3t.so, abi3t, true",
    "pkg/_core.so, bare, false",
    "_core.pyd, bare, false",
    "pkg/_core.pypy310-pp73-x86_64-linux-gnu.so, pypy310-pp73-x86_64-linux-gnu, false",
    "pkg.libs/libopenblas.so, bare, false",
  })
  void extensionAbiFromSuffix(String path, String abi, boolean freeThreaded) {
    Optional<ExtensionModule> module = Members.extension(path);

    assertThat(module).contains(new ExtensionModule(path, abi));
    assertThat(module.get().freeThreadedAbi()).isEqualTo(freeThreaded);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {"pkg/__init__.py", "pkg/libfoo.so.1", "pkg/_core.c", "pkg/so", "pkg/x.dylib"})
  void notExtensions(String path) {
    assertThat(Members.extension(path)).isEmpty();
  }

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource({
    "src/mod.c, C",
    "src/MOD.C, C",
    "src/mod.cpp, C++",
    "src/mod.cc, C++",
    "src/mod.cxx, C++",
    "pkg/_fast.pyx, Cython",
    "pkg/_fast.pxd, Cython",
    "Cargo.toml, Rust",
    "rust/cargo.toml, Rust",
    "src/lib.rs, Rust",
    "lib/blas.f90, Fortran",
  })
  void sourceLanguages(String path, String language) {
    assertThat(Members.sourceLanguage(path)).contains(language);
  }

  @ParameterizedTest
  @ValueSource(strings = {"pkg/mod.py", "include/mod.h", "README", "pyproject.toml", "x.pyi"})
  void notCompiledSources(String path) {
    assertThat(Members.sourceLanguage(path)).isEmpty();
  }

  @Test
  void headersMayDeclareFreeThreading() {
    assertThat(Members.mayDeclareFreeThreading("include/mod.h")).isTrue();
    assertThat(Members.mayDeclareFreeThreading("include/mod.hpp")).isTrue();
    assertThat(Members.mayDeclareFreeThreading("src/mod.c")).isTrue();
    assertThat(Members.mayDeclareFreeThreading("pkg/mod.py")).isFalse();
  }

  @Test
  void everyKnownHint() {
    String text =
        String.join(
            "\n",
            "{Py_mod_gil, Py_MOD_GIL_NOT_USED},",
            "PyUnstable_Module_SetGIL(m, Py_MOD_GIL_NOT_USED);",
            "# cython: freethreading_compatible = True",
            "PYBIND11_MODULE(m, mod, py::mod_gil_not_used())",
            "NB_MODULE(m, mod, FREE_THREADED)",
            "#[pymodule(gil_used = false)]");

    assertThat(Members.hints("src/m.c", text))
        .containsExactly(
            "Py_mod_gil = Py_MOD_GIL_NOT_USED in src/m.c",
            "PyUnstable_Module_SetGIL in src/m.c",
            "Cython freethreading_compatible in src/m.c",
            "pybind11 py::mod_gil_not_used() in src/m.c",
            "nanobind FREE_THREADED in src/m.c",
            "PyO3 gil_used = false in src/m.c");
    assertThat(Members.hints("src/m.c", "#[pymodule(gil_used = true)]")).isEmpty();
  }

  @Test
  void importNamesFromAFileList() {
    assertThat(
            Members.importNames(
                List.of(
                    "pkg/__init__.py",
                    "pkg/sub/mod.py",
                    "single.py",
                    "_native.cpython-313t-x86_64-linux-gnu.so",
                    "nspkg/part/mod.py",
                    "pkg-1.0.dist-info/METADATA",
                    "pkg-1.0.data/scripts/tool.py",
                    "__pycache__/single.cpython-313.pyc",
                    "data/readme.txt",
                    "bad-name/mod.py",
                    "README.md")))
        .containsExactly("_native", "nspkg", "pkg", "single");
  }
}
