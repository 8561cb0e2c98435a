package dev.nogilscan.scanner.cli;

import picocli.CommandLine;

/** {@code --version}: the version stamped into the jar's manifest at package time. */
final class VersionProvider implements CommandLine.IVersionProvider {
  static String version() {
    String v = VersionProvider.class.getPackage().getImplementationVersion();
    return v == null ? "dev" : v;
  }

  @Override
  public String[] getVersion() {
    return new String[] {"nogil-scan " + version()};
  }
}
