package dev.nogilscan.interpreter.process;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Whether {@code nobody} (uid and gid {@link ProcessRunner#UNPRIVILEGED_ID}, no supplementary
 * groups) could use some paths, judged from their POSIX mode bits (ACLs are not consulted). Used
 * before dropping a child's privileges, so a child that could not even start as {@code nobody} runs
 * as root with the reason recorded instead of failing obscurely.
 */
public final class UnprivilegedAccess {
  private static final int R = 4;
  private static final int X = 1;

  private UnprivilegedAccess() {}

  /**
   * The first problem found, e.g. {@code "/root is not searchable by uid 65534"}, or empty when the
   * program can be executed, the working directory searched and every readable path read.
   */
  public static Optional<String> problem(Path program, Path workingDirectory, List<Path> readable) {
    // A bare program name is found on PATH, in system directories.
    Optional<String> p =
        program.getNameCount() > 1 || program.isAbsolute()
            ? check(program, X, "executable")
            : Optional.empty();
    if (p.isPresent()) {
      return p;
    }
    p = check(workingDirectory, X, "searchable");
    if (p.isPresent()) {
      return p;
    }
    for (Path path : readable) {
      p = check(path, Files.isDirectory(path) ? R | X : R, "readable");
      if (p.isPresent()) {
        return p;
      }
    }
    return Optional.empty();
  }

  private static Optional<String> check(Path path, int bits, String what) {
    Path real;
    try {
      real = path.toAbsolutePath().toRealPath();
    } catch (IOException e) {
      return Optional.of(path + " cannot be resolved (" + e.getMessage() + ")");
    }
    for (Path dir = real.getParent(); dir != null; dir = dir.getParent()) {
      if (!allows(dir, X)) {
        return Optional.of(dir + " is not searchable by uid " + ProcessRunner.UNPRIVILEGED_ID);
      }
    }
    if (!allows(real, bits)) {
      return Optional.of(real + " is not " + what + " by uid " + ProcessRunner.UNPRIVILEGED_ID);
    }
    return Optional.empty();
  }

  private static boolean allows(Path path, int bits) {
    try {
      Map<String, Object> a = Files.readAttributes(path, "unix:uid,gid,mode");
      int mode = (Integer) a.get("mode");
      int granted;
      if ((Integer) a.get("uid") == ProcessRunner.UNPRIVILEGED_ID) {
        granted = (mode >> 6) & 7;
      } else if ((Integer) a.get("gid") == ProcessRunner.UNPRIVILEGED_ID) {
        granted = (mode >> 3) & 7;
      } else {
        granted = mode & 7;
      }
      return (granted & bits) == bits;
    } catch (IOException | UnsupportedOperationException | IllegalArgumentException e) {
      return false;
    }
  }
}
