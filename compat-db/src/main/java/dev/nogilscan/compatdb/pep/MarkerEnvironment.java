package dev.nogilscan.compatdb.pep;

import java.util.HashMap;
import java.util.Map;
import java.util.Objects;

/**
 * The values of the PEP 508 environment marker variables for one target interpreter and platform.
 * Build it for the target being checked with {@link #forTarget(TargetEnvironment)}, never from the
 * machine the scanner runs on. Immutable and thread-safe.
 *
 * @param osName {@code os_name}, e.g. {@code "posix"}, {@code "nt"}
 * @param sysPlatform {@code sys_platform}, e.g. {@code "linux"}, {@code "darwin"}, {@code "win32"}
 * @param platformMachine {@code platform_machine}, e.g. {@code "x86_64"}, {@code "arm64"}
 * @param platformPythonImplementation {@code platform_python_implementation}, e.g. {@code
 *     "CPython"}
 * @param platformRelease {@code platform_release}
 * @param platformSystem {@code platform_system}, e.g. {@code "Linux"}, {@code "Darwin"}
 * @param platformVersion {@code platform_version}
 * @param pythonVersion {@code python_version}, e.g. {@code "3.14"}
 * @param pythonFullVersion {@code python_full_version}, e.g. {@code "3.14.0"}
 * @param implementationName {@code implementation_name}, e.g. {@code "cpython"}
 * @param implementationVersion {@code implementation_version}, e.g. {@code "3.14.0"}
 */
public record MarkerEnvironment(
    String osName,
    String sysPlatform,
    String platformMachine,
    String platformPythonImplementation,
    String platformRelease,
    String platformSystem,
    String platformVersion,
    String pythonVersion,
    String pythonFullVersion,
    String implementationName,
    String implementationVersion) {

  public MarkerEnvironment {
    Objects.requireNonNull(osName, "osName");
    Objects.requireNonNull(sysPlatform, "sysPlatform");
    Objects.requireNonNull(platformMachine, "platformMachine");
    Objects.requireNonNull(platformPythonImplementation, "platformPythonImplementation");
    Objects.requireNonNull(platformRelease, "platformRelease");
    Objects.requireNonNull(platformSystem, "platformSystem");
    Objects.requireNonNull(platformVersion, "platformVersion");
    Objects.requireNonNull(pythonVersion, "pythonVersion");
    Objects.requireNonNull(pythonFullVersion, "pythonFullVersion");
    Objects.requireNonNull(implementationName, "implementationName");
    Objects.requireNonNull(implementationVersion, "implementationVersion");
  }

  /**
   * The environment of a CPython {@code target.python()} (micro version 0) on {@code
   * target.platform()}: {@code platform_release} and {@code platform_version} are the values
   * typical for that OS version, since no real machine is asked.
   */
  public static MarkerEnvironment forTarget(TargetEnvironment target) {
    TargetPython py = target.python();
    Platform pl = target.platform();
    String pyVersion = py.major() + "." + py.minor();
    String full = pyVersion + ".0";
    return new MarkerEnvironment(
        pl.os() == Platform.Os.WINDOWS ? "nt" : "posix",
        pl.sysPlatform(),
        pl.platformMachine(),
        "CPython",
        pl.platformRelease(),
        pl.platformSystem(),
        "",
        pyVersion,
        full,
        "cpython",
        full);
  }

  /** The variables by their PEP 508 names. */
  public Map<String, String> asMap() {
    Map<String, String> m = new HashMap<>();
    m.put("os_name", osName);
    m.put("sys_platform", sysPlatform);
    m.put("platform_machine", platformMachine);
    m.put("platform_python_implementation", platformPythonImplementation);
    m.put("platform_release", platformRelease);
    m.put("platform_system", platformSystem);
    m.put("platform_version", platformVersion);
    m.put("python_version", pythonVersion);
    m.put("python_full_version", pythonFullVersion);
    m.put("implementation_name", implementationName);
    m.put("implementation_version", implementationVersion);
    return m;
  }

  String get(String variable) {
    switch (variable) {
      case "os_name":
        return osName;
      case "sys_platform":
        return sysPlatform;
      case "platform_machine":
        return platformMachine;
      case "platform_python_implementation":
        return platformPythonImplementation;
      case "platform_release":
        return platformRelease;
      case "platform_system":
        return platformSystem;
      case "platform_version":
        return platformVersion;
      case "python_version":
        return pythonVersion;
      case "python_full_version":
        return pythonFullVersion;
      case "implementation_name":
        return implementationName;
      case "implementation_version":
        return implementationVersion;
      default:
        return null;
    }
  }
}
