package dev.nogilscan.scanner.archive;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Classifies archive member names; shared by the wheel and sdist inspectors. */
final class Members {
  // foo.cpython-313t-x86_64-linux-gnu.so, foo.abi3.so, foo.cp313t-win_amd64.pyd, foo.so
  private static final Pattern EXTENSION =
      Pattern.compile(
          "(?<stem>[^/]+?)(?:\\.(?<tag>cpython-\\d+[a-z]*(?:-[^./]+)?|abi3t?|cp\\d+[a-z]*-[^./]+|pypy[^./]*))?\\.(?:so|pyd)$");
  private static final Pattern CPYTHON_ABI =
      Pattern.compile("(?:cpython-|cp)(\\d+)([a-z]*)(?:-.*)?");

  private Members() {}

  /** The extension module this member is, if it is one. */
  static Optional<ExtensionModule> extension(String path) {
    String file = path.substring(path.lastIndexOf('/') + 1);
    Matcher m = EXTENSION.matcher(file);
    if (!m.matches()) {
      return Optional.empty();
    }
    String tag = m.group("tag");
    if (tag == null) {
      return Optional.of(new ExtensionModule(path, "bare"));
    }
    Matcher abi = CPYTHON_ABI.matcher(tag);
    if (abi.matches()) {
      String flags = abi.group(2);
      return Optional.of(
          new ExtensionModule(path, "cpython-" + abi.group(1) + (flags.contains("t") ? "t" : "")));
    }
    return Optional.of(new ExtensionModule(path, tag));
  }

  /** The compiled language of a source member, if any: {@code C}, {@code C++}, … */
  static Optional<String> sourceLanguage(String path) {
    String lower = path.toLowerCase(Locale.ROOT);
    String file = lower.substring(lower.lastIndexOf('/') + 1);
    if (file.equals("cargo.toml")) {
      return Optional.of("Rust");
    }
    int dot = file.lastIndexOf('.');
    if (dot < 0) {
      return Optional.empty();
    }
    return switch (file.substring(dot + 1)) {
      case "c" -> Optional.of("C");
      case "cc", "cpp", "cxx", "c++" -> Optional.of("C++");
      case "pyx", "pxd" -> Optional.of("Cython");
      case "rs" -> Optional.of("Rust");
      case "f", "f90", "f95", "f03", "for" -> Optional.of("Fortran");
      default -> Optional.empty();
    };
  }

  /** Source files worth scanning for free-threading declarations. */
  static boolean mayDeclareFreeThreading(String path) {
    String lower = path.toLowerCase(Locale.ROOT);
    return sourceLanguage(path).isPresent()
        || lower.endsWith(".h")
        || lower.endsWith(".hpp")
        || lower.endsWith("cargo.toml");
  }

  private static final List<String[]> HINTS =
      List.of(
          new String[] {"Py_MOD_GIL_NOT_USED", "Py_mod_gil = Py_MOD_GIL_NOT_USED"},
          new String[] {"PyUnstable_Module_SetGIL", "PyUnstable_Module_SetGIL"},
          new String[] {"freethreading_compatible", "Cython freethreading_compatible"},
          new String[] {"mod_gil_not_used", "pybind11 py::mod_gil_not_used()"},
          new String[] {"FREE_THREADED", "nanobind FREE_THREADED"},
          new String[] {"gil_used = false", "PyO3 gil_used = false"});

  /** The free-threading declarations found in a source text. */
  static List<String> hints(String path, String text) {
    List<String> found = new ArrayList<>();
    for (String[] hint : HINTS) {
      if (text.contains(hint[0])) {
        found.add(hint[1] + " in " + path);
      }
    }
    return found;
  }

  /**
   * Top-level import names from a file list: top-level modules ({@code x.py}, {@code x.*.so}) and
   * directories holding Python code (namespace packages included).
   */
  static List<String> importNames(List<String> files) {
    TreeSet<String> names = new TreeSet<>();
    for (String f : files) {
      int slash = f.indexOf('/');
      String first = slash < 0 ? f : f.substring(0, slash);
      if (first.endsWith(".dist-info") || first.endsWith(".data") || first.equals("__pycache__")) {
        continue;
      }
      if (slash < 0) {
        if (f.endsWith(".py")) {
          names.add(f.substring(0, f.length() - 3));
        } else {
          extension(f).ifPresent(e -> names.add(stem(f)));
        }
      } else if (f.endsWith(".py") || extension(f).isPresent()) {
        names.add(first);
      }
    }
    names.removeIf(n -> !n.matches("[A-Za-z_][A-Za-z0-9_]*"));
    return List.copyOf(names);
  }

  private static String stem(String file) {
    return file.substring(0, file.indexOf('.'));
  }
}
