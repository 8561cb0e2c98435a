package dev.nogilscan.compatdb.pep;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The operating system, its version and the CPU architecture of a target, for PEP 425 platform
 * tags: Linux with glibc (PEP 600 {@code manylinux_X_Y}), Linux with musl (PEP 656 {@code
 * musllinux_X_Y}), plain Linux ({@code linux_<arch>}), macOS and Windows. Immutable and
 * thread-safe.
 *
 * @param os the kind of system
 * @param arch the architecture as it appears in platform tags: {@code x86_64}, {@code aarch64},
 *     {@code arm64}, {@code universal2}, {@code amd64}, {@code win32}, ...
 * @param major glibc, musl or macOS major version; 0 for Windows and plain Linux
 * @param minor glibc, musl or macOS minor version; 0 for Windows and plain Linux
 */
public record Platform(Os os, String arch, int major, int minor) {

  /** The kinds of systems with their own platform tags. */
  public enum Os {
    /** Linux with glibc: {@code manylinux_X_Y_<arch>} (PEP 600) and the legacy aliases. */
    MANYLINUX,
    /** Linux with musl libc: {@code musllinux_X_Y_<arch>} (PEP 656). */
    MUSLLINUX,
    /** Linux of unknown libc: only {@code linux_<arch>}. */
    LINUX,
    /** macOS: {@code macosx_X_Y_<arch>}. */
    MACOS,
    /** Windows: {@code win_amd64}, {@code win32}, {@code win_arm64}. */
    WINDOWS
  }

  private static final Pattern MANYLINUX =
      Pattern.compile("manylinux_(\\d{1,4})_(\\d{1,4})_([a-z0-9_]+)");
  private static final Pattern LEGACY = Pattern.compile("manylinux(1|2010|2014)_([a-z0-9_]+)");
  private static final Pattern MUSL =
      Pattern.compile("musllinux_(\\d{1,4})_(\\d{1,4})_([a-z0-9_]+)");
  private static final Pattern MACOS = Pattern.compile("macosx_(\\d{1,4})_(\\d{1,4})_([a-z0-9_]+)");
  private static final Pattern LINUX = Pattern.compile("linux_([a-z0-9_]+)");

  public Platform {
    if (os == Os.WINDOWS
        && !(arch.equals("amd64") || arch.equals("win32") || arch.equals("arm64"))) {
      throw new IllegalArgumentException("Windows architecture must be amd64, win32 or arm64");
    }
  }

  /** Linux with glibc {@code 2.minor}, e.g. {@code manylinux(36, "x86_64")}. */
  public static Platform manylinux(int glibcMinor, String arch) {
    return new Platform(Os.MANYLINUX, arch, 2, glibcMinor);
  }

  /** macOS {@code major.minor}, e.g. {@code macos(14, 0, "arm64")}. */
  public static Platform macos(int major, int minor, String arch) {
    return new Platform(Os.MACOS, arch, major, minor);
  }

  /**
   * Parses one platform tag: {@code manylinux_2_36_x86_64}, {@code manylinux2014_aarch64}, {@code
   * musllinux_1_2_aarch64}, {@code linux_x86_64}, {@code macosx_14_0_arm64}, {@code win_amd64},
   * {@code win32}, {@code win_arm64}.
   *
   * @throws PepSyntaxException if it is none of these forms
   */
  public static Platform parse(String tag) {
    String t = tag.toLowerCase(Locale.ROOT);
    Matcher m;
    if ((m = MANYLINUX.matcher(t)).matches()) {
      return new Platform(Os.MANYLINUX, m.group(3), num(m.group(1)), num(m.group(2)));
    }
    if ((m = LEGACY.matcher(t)).matches()) {
      int minor = m.group(1).equals("1") ? 5 : m.group(1).equals("2010") ? 12 : 17;
      return new Platform(Os.MANYLINUX, m.group(2), 2, minor);
    }
    if ((m = MUSL.matcher(t)).matches()) {
      return new Platform(Os.MUSLLINUX, m.group(3), num(m.group(1)), num(m.group(2)));
    }
    if ((m = MACOS.matcher(t)).matches()) {
      return new Platform(Os.MACOS, m.group(3), num(m.group(1)), num(m.group(2)));
    }
    if ((m = LINUX.matcher(t)).matches()) {
      return new Platform(Os.LINUX, m.group(1), 0, 0);
    }
    switch (t) {
      case "win_amd64":
        return new Platform(Os.WINDOWS, "amd64", 0, 0);
      case "win32":
        return new Platform(Os.WINDOWS, "win32", 0, 0);
      case "win_arm64":
        return new Platform(Os.WINDOWS, "arm64", 0, 0);
      default:
        throw new PepSyntaxException(
            "a platform tag such as manylinux_2_36_x86_64, musllinux_1_2_aarch64,"
                + " macosx_14_0_arm64 or win_amd64",
            tag,
            0);
    }
  }

  /** Like {@link #parse(String)}, but empty instead of throwing. */
  public static java.util.Optional<Platform> tryParse(String text) {
    try {
      return java.util.Optional.of(parse(text));
    } catch (PepSyntaxException e) {
      return java.util.Optional.empty();
    }
  }

  private static int num(String s) {
    return Integer.parseInt(s);
  }

  /** The platform's own tag, e.g. {@code manylinux_2_36_x86_64} or {@code win_amd64}. */
  public String tag() {
    switch (os) {
      case MANYLINUX:
        return "manylinux_" + major + "_" + minor + "_" + arch;
      case MUSLLINUX:
        return "musllinux_" + major + "_" + minor + "_" + arch;
      case LINUX:
        return "linux_" + arch;
      case MACOS:
        return "macosx_" + major + "_" + minor + "_" + arch;
      default:
        return arch.equals("win32") ? "win32" : "win_" + arch;
    }
  }

  /**
   * The platform tags a wheel may carry to install here, best first, as pypa/packaging's {@code
   * tags.platform_tags()} yields them on such a system (26.x: on Linux {@code linux_<arch>} first,
   * then every {@code manylinux_2_Y} from the glibc version down to 2.5 on x86 or 2.17 elsewhere
   * with the legacy alias after its level, or every {@code musllinux_1_Y} down to 1.0; on macOS
   * every older major from 11 on, then 10.16 down to 10.4 with the binary formats of {@code
   * mac_platforms}).
   */
  public List<String> compatiblePlatformTags() {
    List<String> out = new ArrayList<>();
    switch (os) {
      case MANYLINUX:
        out.add("linux_" + arch);
        int tooOld = (arch.equals("x86_64") || arch.equals("i686")) ? 4 : 16;
        for (int m = minor; m > tooOld; m--) {
          out.add("manylinux_" + major + "_" + m + "_" + arch);
          if (major == 2 && m == 17) {
            out.add("manylinux2014_" + arch);
          } else if (major == 2 && m == 12) {
            out.add("manylinux2010_" + arch);
          } else if (major == 2 && m == 5) {
            out.add("manylinux1_" + arch);
          }
        }
        break;
      case MUSLLINUX:
        out.add("linux_" + arch);
        for (int m = minor; m >= 0; m--) {
          out.add("musllinux_" + major + "_" + m + "_" + arch);
        }
        break;
      case LINUX:
        out.add("linux_" + arch);
        break;
      case MACOS:
        macTags(out);
        break;
      default:
        out.add(tag());
    }
    return Collections.unmodifiableList(out);
  }

  private void macTags(List<String> out) {
    if (major == 10) {
      for (int m = minor; m >= 0; m--) {
        for (String f : macBinaryFormats(10, m)) {
          out.add("macosx_10_" + m + "_" + f);
        }
      }
    }
    if (major >= 11) {
      for (int v = major; v > 10; v--) {
        for (String f : macBinaryFormats(v, 0)) {
          out.add("macosx_" + v + "_0_" + f);
        }
      }
      for (int m = 16; m > 3; m--) {
        if (arch.equals("x86_64")) {
          for (String f : macBinaryFormats(10, m)) {
            out.add("macosx_10_" + m + "_" + f);
          }
        } else {
          out.add("macosx_10_" + m + "_universal2");
        }
      }
    }
  }

  private List<String> macBinaryFormats(int vMajor, int vMinor) {
    List<String> formats = new ArrayList<>();
    formats.add(arch);
    boolean before104 = vMajor == 10 && vMinor < 4;
    switch (arch) {
      case "x86_64":
        if (before104) {
          return List.of();
        }
        formats.add("intel");
        formats.add("fat64");
        formats.add("fat3");
        break;
      case "i386":
        if (before104) {
          return List.of();
        }
        formats.add("intel");
        formats.add("fat3");
        formats.add("fat");
        break;
      case "ppc64":
        if (vMajor > 10 || (vMajor == 10 && vMinor > 5) || before104) {
          return List.of();
        }
        formats.add("fat64");
        break;
      case "ppc":
        if (vMajor > 10 || (vMajor == 10 && vMinor > 6)) {
          return List.of();
        }
        formats.add("fat3");
        formats.add("fat");
        break;
      default:
        break;
    }
    if (arch.equals("arm64") || arch.equals("x86_64")) {
      formats.add("universal2");
    }
    if (arch.equals("x86_64")
        || arch.equals("i386")
        || arch.equals("ppc64")
        || arch.equals("ppc")
        || arch.equals("intel")) {
      formats.add("universal");
    }
    return formats;
  }

  /** {@code sys.platform} on this platform: {@code linux}, {@code darwin} or {@code win32}. */
  public String sysPlatform() {
    switch (os) {
      case MACOS:
        return "darwin";
      case WINDOWS:
        return "win32";
      default:
        return "linux";
    }
  }

  /** {@code platform.system()}: {@code Linux}, {@code Darwin} or {@code Windows}. */
  public String platformSystem() {
    switch (os) {
      case MACOS:
        return "Darwin";
      case WINDOWS:
        return "Windows";
      default:
        return "Linux";
    }
  }

  /**
   * {@code platform.machine()}: the architecture for Linux, {@code arm64}/{@code x86_64} on macOS
   * ({@code arm64} for universal2), {@code AMD64}/{@code x86}/{@code ARM64} on Windows.
   */
  public String platformMachine() {
    switch (os) {
      case MACOS:
        return arch.equals("universal2") ? "arm64" : arch;
      case WINDOWS:
        return arch.equals("amd64") ? "AMD64" : arch.equals("arm64") ? "ARM64" : "x86";
      default:
        return arch;
    }
  }

  /**
   * {@code platform.release()} as typical for the OS version: the Darwin kernel version on macOS,
   * {@code "10"} on Windows, empty on Linux (the kernel is unknown).
   */
  public String platformRelease() {
    switch (os) {
      case MACOS:
        int darwin = major >= 26 ? major - 1 : major >= 11 ? major + 9 : minor + 4;
        return darwin + ".0.0";
      case WINDOWS:
        return "10";
      default:
        return "";
    }
  }

  @Override
  public String toString() {
    return tag();
  }
}
