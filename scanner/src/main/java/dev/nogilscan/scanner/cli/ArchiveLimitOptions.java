package dev.nogilscan.scanner.cli;

import dev.nogilscan.scanner.archive.ArchiveLimits;
import dev.nogilscan.scanner.input.InputException;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Option;
import picocli.CommandLine.TypeConversionException;

/**
 * {@code scan}'s options bounding what one archive may contain before it is refused as hostile (its
 * package then gets a {@code skipped} verdict naming the limit). Defaults: {@link
 * ArchiveLimits#DEFAULT}.
 */
final class ArchiveLimitOptions {
  @Option(
      names = "--archive-max-entries",
      paramLabel = "N",
      description = "Entries one archive may have (default: 100000).")
  Long maxEntries;

  @Option(
      names = "--archive-max-bytes",
      paramLabel = "SIZE",
      converter = SizeConverter.class,
      description =
          "Uncompressed bytes one archive may hold, e.g. 512M, 8G (default: 4G; K/M/G are"
              + " powers of 1024).")
  Long maxBytes;

  @Option(
      names = "--archive-max-ratio",
      paramLabel = "N",
      description =
          "Largest uncompressed/compressed ratio of a member over 1 MiB, or of a compressed sdist"
              + " (default: 1000, a likely decompression bomb above).")
  Long maxRatio;

  @Option(
      names = "--archive-max-member-bytes",
      paramLabel = "SIZE",
      converter = SizeConverter.class,
      description =
          "Bytes read into memory from one metadata or source member (METADATA, RECORD, PKG-INFO;"
              + " default: 16M).")
  Long maxMemberBytes;

  /**
   * The limits these options give, each unset one from {@link ArchiveLimits#DEFAULT}.
   *
   * @throws InputException for a value that is not positive (a usage error)
   */
  ArchiveLimits limits() {
    ArchiveLimits d = ArchiveLimits.DEFAULT;
    long member = positive("--archive-max-member-bytes", maxMemberBytes, d.maxMemberBytes());
    if (member > Integer.MAX_VALUE - 8) {
      throw new InputException(
          "--archive-max-member-bytes: at most "
              + (Integer.MAX_VALUE - 8)
              + " bytes, got "
              + member);
    }
    return new ArchiveLimits(
        positive("--archive-max-entries", maxEntries, d.maxEntries()),
        positive("--archive-max-bytes", maxBytes, d.maxTotalBytes()),
        positive("--archive-max-ratio", maxRatio, d.maxRatio()),
        (int) member);
  }

  private static long positive(String option, Long value, long fallback) {
    if (value == null) {
      return fallback;
    }
    if (value <= 0) {
      throw new InputException(option + ": expected a positive number, got " + value);
    }
    return value;
  }

  /** {@code 1048576}, {@code 512K}, {@code 64M}, {@code 4G}, {@code 1T} (also {@code KiB}, …). */
  static final class SizeConverter implements ITypeConverter<Long> {
    private static final Pattern SIZE =
        Pattern.compile("(\\d+)\\s*([kmgt]?)(?:i?b)?", Pattern.CASE_INSENSITIVE);

    @Override
    public Long convert(String value) {
      Matcher m = SIZE.matcher(value.strip());
      if (!m.matches()) {
        throw new TypeConversionException(
            "expected a size such as 1048576, 512K, 64M or 4G, got '" + value + "'");
      }
      int shift =
          switch (m.group(2).toLowerCase(Locale.ROOT)) {
            case "k" -> 10;
            case "m" -> 20;
            case "g" -> 30;
            case "t" -> 40;
            default -> 0;
          };
      try {
        long n = Long.parseLong(m.group(1));
        if (n > (Long.MAX_VALUE >> shift)) {
          throw new TypeConversionException("size '" + value + "' is too large");
        }
        return n << shift;
      } catch (NumberFormatException e) {
        throw new TypeConversionException("size '" + value + "' is too large");
      }
    }
  }
}
