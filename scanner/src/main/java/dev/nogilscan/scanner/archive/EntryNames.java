package dev.nogilscan.scanner.archive;

import java.util.regex.Pattern;

/** Checks archive entry names before anything is done with them. */
final class EntryNames {
  private static final Pattern DRIVE = Pattern.compile("^[A-Za-z]:.*");

  private EntryNames() {}

  /**
   * The name with a leading {@code ./} removed.
   *
   * @throws ArchiveException for absolute names, drive letters, backslashes, NUL or {@code ..}
   */
  static String check(String archive, String name) throws ArchiveException {
    String n = name.startsWith("./") ? name.substring(2) : name;
    if (n.isEmpty()
        || n.startsWith("/")
        || n.indexOf('\\') >= 0
        || n.indexOf('\0') >= 0
        || DRIVE.matcher(n).matches()) {
      throw new ArchiveException(archive + ": unsafe entry name '" + printable(name) + "'");
    }
    for (String part : n.split("/")) {
      if (part.equals("..")) {
        throw new ArchiveException(
            archive + ": entry '" + printable(name) + "' escapes the archive with '..'");
      }
    }
    return n;
  }

  static String printable(String s) {
    return s.replaceAll("[\\p{Cntrl}]", "?");
  }
}
