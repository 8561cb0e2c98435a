package dev.nogilscan.compatdb.pep;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A PEP 440 version: {@code [N!]N(.N)*[{a|b|rc}N][.postN][.devN][+local]}.
 *
 * <p>Parsing accepts every form PEP 440 allows and normalises it (case, {@code alpha}/{@code
 * beta}/{@code c}/{@code pre}/{@code preview} spellings, implicit numbers as in {@code 1.0a}, the
 * implicit post-release {@code 1.0-1}, separators, a leading {@code v}, surrounding whitespace,
 * leading zeros). {@link #toString()} is the normalised form. Numbers are unbounded.
 *
 * <p>Ordering is the PEP 440 total order ("Summary of permitted suffixes and relative ordering"):
 * epoch, then release with trailing zeros ignored, then {@code .devN < aN < bN < rcN < (final) <
 * .postN}, then the local label (numeric segments sort after alphanumeric ones). {@code equals} and
 * {@code hashCode} are consistent with {@code compareTo}, so {@code 1.0} equals {@code 1.0.0}.
 * Immutable and thread-safe.
 */
public final class Version implements Comparable<Version> {
  private static final BigInteger[] NO_NUMBERS = new BigInteger[0];

  private final BigInteger epoch;
  private final BigInteger[] release;
  private final int trimmedLength;
  private final String preLetter; // "a", "b", "rc" or null
  private final BigInteger preNumber;
  private final BigInteger post;
  private final BigInteger dev;
  private final Object[] local; // BigInteger or lower-case String parts, or null
  private String text;
  private int hash;

  Version(
      BigInteger epoch,
      BigInteger[] release,
      String preLetter,
      BigInteger preNumber,
      BigInteger post,
      BigInteger dev,
      Object[] local) {
    this.epoch = epoch;
    this.release = release;
    int t = release.length;
    while (t > 0 && release[t - 1].signum() == 0) {
      t--;
    }
    this.trimmedLength = t;
    this.preLetter = preLetter;
    this.preNumber = preNumber;
    this.post = post;
    this.dev = dev;
    this.local = local;
  }

  /**
   * Parses a PEP 440 version; Python whitespace around it is ignored.
   *
   * @throws PepSyntaxException if {@code text} is not a valid PEP 440 version
   */
  public static Version parse(String text) {
    return VersionParser.parse(text);
  }

  /** Like {@link #parse(String)}, but empty instead of throwing. */
  public static Optional<Version> tryParse(String text) {
    try {
      return Optional.of(parse(text));
    } catch (PepSyntaxException e) {
      return Optional.empty();
    }
  }

  /** The epoch ({@code 0} when absent). @throws ArithmeticException if it exceeds an int */
  public int epoch() {
    return epoch.intValueExact();
  }

  /** The epoch, unbounded. */
  public BigInteger epochNumber() {
    return epoch;
  }

  /**
   * The release segment as written (trailing zeros kept).
   *
   * @throws ArithmeticException if a component exceeds a long (see {@link #releaseNumbers()})
   */
  public List<Long> release() {
    List<Long> out = new ArrayList<>(release.length);
    for (BigInteger b : release) {
      out.add(b.longValueExact());
    }
    return Collections.unmodifiableList(out);
  }

  /** The release segment as written, unbounded. */
  public List<BigInteger> releaseNumbers() {
    return List.of(release);
  }

  /** {@code release().get(i)}, or 0 past the end (PEP 440 zero padding), as an int. */
  public int releasePart(int i) {
    return i < release.length ? release[i].intValue() : 0;
  }

  /** {@code "a"}, {@code "b"} or {@code "rc"} with its number, e.g. {@code "rc1"}, if any. */
  public Optional<String> preRelease() {
    return preLetter == null ? Optional.empty() : Optional.of(preLetter + preNumber);
  }

  /** The post-release number, if any. */
  public Optional<BigInteger> postNumber() {
    return Optional.ofNullable(post);
  }

  /** The dev-release number, if any. */
  public Optional<BigInteger> devNumber() {
    return Optional.ofNullable(dev);
  }

  /** The normalised local label without {@code +}, if any. */
  public Optional<String> local() {
    if (local == null) {
      return Optional.empty();
    }
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < local.length; i++) {
      if (i > 0) {
        sb.append('.');
      }
      sb.append(local[i]);
    }
    return Optional.of(sb.toString());
  }

  /** Whether this is a pre-release in the PEP 440 sense: it has a pre or a dev segment. */
  public boolean isPreRelease() {
    return preLetter != null || dev != null;
  }

  /** Whether it has a {@code .devN} segment. */
  public boolean isDevRelease() {
    return dev != null;
  }

  /** Whether it has a {@code .postN} segment. */
  public boolean isPostRelease() {
    return post != null;
  }

  /** Whether it has a {@code +local} label. */
  public boolean hasLocal() {
    return local != null;
  }

  /** This version without its local label ({@code this} when it has none). */
  public Version publicVersion() {
    return local == null
        ? this
        : new Version(epoch, release, preLetter, preNumber, post, dev, null);
  }

  /** Epoch and release only, e.g. {@code 1!2.0} for {@code 1!2.0rc1.post3+x}. */
  public Version baseVersion() {
    if (preLetter == null && post == null && dev == null && local == null) {
      return this;
    }
    return new Version(epoch, release, null, null, null, null, null);
  }

  /** This version with the trailing zeros of its release removed (at least one number kept). */
  Version withTrimmedRelease() {
    int n = Math.max(1, trimmedLength);
    if (n == release.length) {
      return this;
    }
    return new Version(epoch, Arrays.copyOf(release, n), preLetter, preNumber, post, dev, local);
  }

  /** This version with {@code .dev0} appended (PEP 440's lowest version of a release family). */
  Version withDevZero() {
    return new Version(epoch, release, preLetter, preNumber, post, BigInteger.ZERO, null);
  }

  boolean samePreSegment(Version o) {
    return Objects.equals(preLetter, o.preLetter) && Objects.equals(preNumber, o.preNumber);
  }

  BigInteger epochBig() {
    return epoch;
  }

  BigInteger[] releaseArray() {
    return release;
  }

  /** Compares epoch and release, trailing zeros ignored. */
  int compareRelease(Version o) {
    int c = epoch.compareTo(o.epoch);
    if (c != 0) {
      return c;
    }
    int n = Math.min(trimmedLength, o.trimmedLength);
    for (int i = 0; i < n; i++) {
      c = release[i].compareTo(o.release[i]);
      if (c != 0) {
        return c;
      }
    }
    return Integer.compare(trimmedLength, o.trimmedLength);
  }

  private int preRank() {
    if (preLetter == null) {
      // a bare dev release sorts before every pre-release of its release
      return (post == null && dev != null) ? 0 : 4;
    }
    switch (preLetter) {
      case "a":
        return 1;
      case "b":
        return 2;
      default:
        return 3;
    }
  }

  @Override
  public int compareTo(Version o) {
    int c = compareRelease(o);
    if (c != 0) {
      return c;
    }
    return compareSuffix(o, true);
  }

  /** Compares everything after the release; {@code withLocal=false} ignores local labels. */
  int compareSuffix(Version o, boolean withLocal) {
    int c = Integer.compare(preRank(), o.preRank());
    if (c != 0) {
      return c;
    }
    if (preLetter != null) {
      c = preNumber.compareTo(o.preNumber);
      if (c != 0) {
        return c;
      }
    }
    c = compareMissingLow(post, o.post);
    if (c != 0) {
      return c;
    }
    // no dev segment sorts after every dev segment
    if (dev == null || o.dev == null) {
      c = dev == null ? (o.dev == null ? 0 : 1) : -1;
    } else {
      c = dev.compareTo(o.dev);
    }
    if (c != 0 || !withLocal) {
      return c;
    }
    return compareLocal(local, o.local);
  }

  private static int compareMissingLow(BigInteger a, BigInteger b) {
    if (a == null || b == null) {
      return a == null ? (b == null ? 0 : -1) : 1;
    }
    return a.compareTo(b);
  }

  private static int compareLocal(Object[] a, Object[] b) {
    if (a == null || b == null) {
      return a == null ? (b == null ? 0 : -1) : 1;
    }
    int n = Math.min(a.length, b.length);
    for (int i = 0; i < n; i++) {
      Object x = a[i];
      Object y = b[i];
      int c;
      if (x instanceof BigInteger && y instanceof BigInteger) {
        c = ((BigInteger) x).compareTo((BigInteger) y);
      } else if (x instanceof String && y instanceof String) {
        c = ((String) x).compareTo((String) y);
      } else {
        // PEP 440: numeric local segments sort after alphanumeric ones
        c = x instanceof BigInteger ? 1 : -1;
      }
      if (c != 0) {
        return c;
      }
    }
    return Integer.compare(a.length, b.length);
  }

  @Override
  public boolean equals(Object obj) {
    return obj instanceof Version && compareTo((Version) obj) == 0;
  }

  @Override
  public int hashCode() {
    int h = hash;
    if (h == 0) {
      h = epoch.hashCode();
      for (int i = 0; i < trimmedLength; i++) {
        h = 31 * h + release[i].hashCode();
      }
      h = 31 * h + preRank();
      h = 31 * h + Objects.hashCode(preNumber);
      h = 31 * h + Objects.hashCode(post);
      h = 31 * h + Objects.hashCode(dev);
      h = 31 * h + (local == null ? 0 : Arrays.hashCode(local));
      hash = h == 0 ? 1 : h;
    }
    return h;
  }

  /** The normalised form, e.g. {@code 1!2.0rc1.post2.dev3+ubuntu.1}. */
  @Override
  public String toString() {
    String t = text;
    if (t == null) {
      StringBuilder sb = new StringBuilder(16);
      if (epoch.signum() != 0) {
        sb.append(epoch).append('!');
      }
      for (int i = 0; i < release.length; i++) {
        if (i > 0) {
          sb.append('.');
        }
        sb.append(release[i]);
      }
      if (preLetter != null) {
        sb.append(preLetter).append(preNumber);
      }
      if (post != null) {
        sb.append(".post").append(post);
      }
      if (dev != null) {
        sb.append(".dev").append(dev);
      }
      local().ifPresent(l -> sb.append('+').append(l));
      t = sb.toString();
      text = t;
    }
    return t;
  }

  static BigInteger[] noNumbers() {
    return NO_NUMBERS;
  }
}
