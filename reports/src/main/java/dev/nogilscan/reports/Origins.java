package dev.nogilscan.reports;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Reads {@code file:line} origins back into their parts, for formats that point at lines. */
final class Origins {
  private static final Pattern FILE_LINE = Pattern.compile("(.+):(\\d+)");

  private Origins() {}

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
    return m.matches()
        ? Optional.of(new Location(m.group(1), Integer.parseInt(m.group(2))))
        : Optional.empty();
  }
}
