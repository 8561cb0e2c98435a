package dev.nogilscan.reports;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Reads {@code file:line} origins back into their parts, for formats that point at lines. */
final class Origins {
  private static final Pattern FILE_LINE = Pattern.compile("(.+):(\\d+)");

  private Origins() {}

  /**
   * @param file the file as written in the origin
   * @param line the line, 1-based; 0 when the origin's line number is not one (0, or too large)
   */
  record Location(String file, int line) {}

  /** The input line a package comes from: its own origin, else the end of its chain. */
  static Optional<Location> of(PackageReport p) {
    for (String o : p.origins()) {
      Optional<Location> l = parse(o);
      if (l.isPresent()) {
        return l;
      }
    }
    return p.chain().isEmpty() ? Optional.empty() : parse(p.chain().get(p.chain().size() - 1));
  }

  static Optional<Location> parse(String origin) {
    Matcher m = FILE_LINE.matcher(origin);
    if (!m.matches()) {
      return Optional.empty();
    }
    int line;
    try {
      line = Integer.parseInt(m.group(2));
    } catch (NumberFormatException tooLarge) {
      line = 0;
    }
    return Optional.of(new Location(m.group(1), Math.max(line, 0)));
  }
}
