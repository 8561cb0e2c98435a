package dev.nogilscan.interpreter.provision;

import java.nio.file.Path;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A CPython source tarball and the version its name states: {@code Python-3.13.5.tar.xz} (the
 * upstream name) or {@code python3.13_3.13.5.orig.tar.xz} (Debian's source package).
 */
public record SourceTarball(Path path, String version) {
  private static final Pattern UPSTREAM =
      Pattern.compile("Python-(\\d+\\.\\d+\\.\\d+)\\.(?:tar\\.xz|tgz|tar\\.gz)");
  private static final Pattern DEBIAN =
      Pattern.compile("python\\d+\\.\\d+_(\\d+\\.\\d+\\.\\d+)\\.orig\\.tar\\.(?:xz|gz)");

  /** The tarball at {@code path} when its file name says which version it holds. */
  public static Optional<SourceTarball> of(Path path) {
    String name = path.getFileName().toString();
    for (Pattern p : new Pattern[] {UPSTREAM, DEBIAN}) {
      Matcher m = p.matcher(name);
      if (m.matches()) {
        return Optional.of(new SourceTarball(path, m.group(1)));
      }
    }
    return Optional.empty();
  }

  /** True when this tarball holds {@code wanted} ({@code 3.13} matches any 3.13.x). */
  public boolean matches(String wanted) {
    return version.equals(wanted) || version.startsWith(wanted + ".");
  }
}
