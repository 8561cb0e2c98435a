package dev.nogilscan.compatdb.pep;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A CPython interpreter on a platform: what wheels it installs (PEP 425 tags) and what its PEP 508
 * marker variables are. Immutable and thread-safe.
 *
 * <p>The supported tags, best first, are pypa/packaging's {@code cpython_tags} followed by {@code
 * compatible_tags(interpreter="cp3X")} for that interpreter: {@code cp3X-<abi>-<plat>}, then for a
 * GIL build {@code cp3X-abi3-<plat>}, for a free-threaded build {@code cp3X-abi3t-<plat>} (PEP 803,
 * 3.15 and later only), then {@code cp3X-none-<plat>}, then the older {@code cp3Y-abi3} (GIL) or
 * {@code cp3Y-abi3t} (free-threaded, Y &gt;= 15) for each platform, then {@code py3X-none-<plat>},
 * {@code py3-none-<plat>}, older {@code py3Y-none-<plat>}, {@code cp3X-none-any}, {@code
 * py3X-none-any}, {@code py3-none-any}, older {@code py3Y-none-any}. A free-threaded build never
 * accepts {@code abi3}. Deviation from packaging 26.4, which offers {@code abi3t} tags to 3.13t and
 * 3.14t and for every older minor down to {@code cp32}: those interpreters cannot load an {@code
 * .abi3t.so}, so such tags are left out (FACTS.md).
 *
 * @param python the interpreter
 * @param platform the platform
 */
public record TargetEnvironment(TargetPython python, Platform platform) {
  private static final Map<TargetEnvironment, Ranking> CACHE = new ConcurrentHashMap<>();

  private record Ranking(List<WheelTag> tags, Map<WheelTag, Integer> rank) {}

  /** Parses {@code "3.14t/manylinux_2_36_x86_64"} (python, a slash, a platform tag). */
  public static TargetEnvironment parse(String text) {
    int slash = text.indexOf('/');
    if (slash < 0) {
      throw new PepSyntaxException(
          "'/' between the Python version and the platform", text, text.length());
    }
    TargetPython py;
    try {
      py = TargetPython.parse(text.substring(0, slash));
    } catch (PepSyntaxException e) {
      throw new PepSyntaxException(e.expected(), text, e.position());
    }
    Platform pl;
    try {
      pl = Platform.parse(text.substring(slash + 1));
    } catch (PepSyntaxException e) {
      throw new PepSyntaxException(e.expected(), text, slash + 1 + e.position());
    }
    return new TargetEnvironment(py, pl);
  }

  private Ranking ranking() {
    return CACHE.computeIfAbsent(this, TargetEnvironment::compute);
  }

  private static Ranking compute(TargetEnvironment t) {
    TargetPython py = t.python();
    List<String> plats = t.platform().compatiblePlatformTags();
    List<WheelTag> out = new ArrayList<>();
    String interp = py.interpreterTag();
    boolean ft = py.freeThreaded();
    for (String p : plats) {
      out.add(new WheelTag(interp, py.abiTag(), p));
    }
    boolean abi3 = !ft && py.minor() >= 2;
    if (abi3) {
      for (String p : plats) {
        out.add(new WheelTag(interp, "abi3", p));
      }
    }
    if (ft && py.minor() >= 15) {
      for (String p : plats) {
        out.add(new WheelTag(interp, "abi3t", p));
      }
    }
    for (String p : plats) {
      out.add(new WheelTag(interp, "none", p));
    }
    for (int m = py.minor() - 1; m > 1; m--) {
      boolean abi3t = ft && m >= 15;
      if (!abi3 && !abi3t) {
        continue;
      }
      for (String p : plats) {
        out.add(new WheelTag("cp3" + m, abi3 ? "abi3" : "abi3t", p));
      }
    }
    List<String> pys = new ArrayList<>();
    pys.add("py3" + py.minor());
    pys.add("py3");
    for (int m = py.minor() - 1; m >= 0; m--) {
      pys.add("py3" + m);
    }
    for (String v : pys) {
      for (String p : plats) {
        out.add(new WheelTag(v, "none", p));
      }
    }
    out.add(new WheelTag(interp, "none", "any"));
    for (String v : pys) {
      out.add(new WheelTag(v, "none", "any"));
    }
    Map<WheelTag, Integer> rank = new HashMap<>(out.size() * 2);
    for (int i = 0; i < out.size(); i++) {
      rank.putIfAbsent(out.get(i), i);
    }
    return new Ranking(Collections.unmodifiableList(out), rank);
  }

  /** The tags this interpreter installs, best first (see the type's description). */
  public List<WheelTag> supportedTags() {
    return ranking().tags();
  }

  /** The position of {@code tag} in {@link #supportedTags()} (lower is better), or empty. */
  public OptionalInt tagRank(WheelTag tag) {
    Integer r = ranking().rank().get(tag);
    return r == null ? OptionalInt.empty() : OptionalInt.of(r);
  }

  /** The best rank over the wheel's (expanded) tags, or empty if it does not install here. */
  public Optional<Integer> bestRank(WheelFilename wheel) {
    Map<WheelTag, Integer> rank = ranking().rank();
    Integer best = null;
    for (WheelTag t : wheel.tags()) {
      Integer r = rank.get(t);
      if (r != null && (best == null || r < best)) {
        best = r;
      }
    }
    return Optional.ofNullable(best);
  }

  /** The best-ranked installable wheel among {@code wheels} (first one on a tie), if any. */
  public Optional<WheelFilename> bestWheel(List<WheelFilename> wheels) {
    WheelFilename best = null;
    int bestRank = Integer.MAX_VALUE;
    for (WheelFilename w : wheels) {
      Optional<Integer> r = bestRank(w);
      if (r.isPresent() && r.get() < bestRank) {
        best = w;
        bestRank = r.get();
      }
    }
    return Optional.ofNullable(best);
  }

  /** The PEP 508 marker variables of this target. */
  public MarkerEnvironment markerEnvironment() {
    return MarkerEnvironment.forTarget(this);
  }

  /** {@code "3.14t/manylinux_2_36_x86_64"}. */
  @Override
  public String toString() {
    return python + "/" + platform.tag();
  }
}
