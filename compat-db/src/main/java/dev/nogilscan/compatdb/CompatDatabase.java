package dev.nogilscan.compatdb;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.nogilscan.compatdb.pep.PackageName;
import dev.nogilscan.compatdb.pep.Platform;
import dev.nogilscan.compatdb.pep.TargetPython;
import dev.nogilscan.compatdb.pep.Version;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

/**
 * What is known about free-threading support of popular native packages: the bundled snapshot
 * {@code compat-db.json} (format documented in {@code compat-db/README.md}, JSON Schema {@code
 * compat-db.schema.json} next to it), optionally another snapshot for offline use, plus the user's
 * overrides and suppressions. Immutable and thread-safe.
 *
 * <p>An unknown package is absent from every answer, never an error. A malformed snapshot fails to
 * load with a {@link CompatDbException} naming the file, the JSON path and what was expected.
 *
 * <p>A loaded snapshot decodes a package's entry when it is first asked for (see {@link #load()}
 * and {@link #load(Path)} for when a malformed entry is reported).
 */
public final class CompatDatabase {
  /** The data format version this code reads and writes. */
  public static final int FORMAT_VERSION = 1;

  /** The bundled snapshot's resource name. */
  public static final String RESOURCE = "/dev/nogilscan/compatdb/compat-db.json";

  // In a holder: creating the first ObjectMapper costs a fresh JVM hundreds of milliseconds, and
  // loading and looking up do without one.
  private static final class Mapper {
    static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
  }

  private final DatabaseInfo info;
  private final PackageTable packages;
  private final Overrides overrides;

  private CompatDatabase(DatabaseInfo info, PackageTable packages, Overrides overrides) {
    this.info = info;
    this.packages = packages;
    this.overrides = overrides;
  }

  /** A database of these entries, without overrides. */
  public static CompatDatabase of(DatabaseInfo info, Collection<PackageEntry> entries) {
    return new CompatDatabase(info, DecodedPackageTable.of(entries), Overrides.none());
  }

  static ObjectMapper mapper() {
    return Mapper.JSON;
  }

  private static final class Bundled {
    static final CompatDatabase INSTANCE = loadResource();
  }

  /**
   * The bundled snapshot, read once per JVM.
   *
   * <p>Its entries are decoded on first use and not checked at load: the file is part of the build,
   * whose tests decode every entry (a malformed one fails the build, not a scan). A scan asks for a
   * few hundred of the 500 entries, and a fresh JVM pays for every one it decodes.
   *
   * @throws CompatDbException if the bundled file is malformed (a build error)
   */
  public static CompatDatabase load() {
    return Bundled.INSTANCE;
  }

  private static CompatDatabase loadResource() {
    try (InputStream in = CompatDatabase.class.getResourceAsStream(RESOURCE)) {
      if (in == null) {
        throw new CompatDbException("compat-db.json", "$", "the bundled resource is missing");
      }
      return lazy(
          new String(in.readAllBytes(), StandardCharsets.UTF_8), "compat-db.json (bundled)", false);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the bundled compat-db.json", e);
    }
  }

  /**
   * A snapshot from a file, e.g. one written by {@code nogil-scan db export}.
   *
   * <p>Every entry is decoded and checked before this returns, so that a malformed entry fails the
   * load, naming the first bad one in file order, exactly as a whole-document reading did: {@code
   * --db} and the snapshot {@code db update} wrote are user files, and a scan must stop on them
   * (exit 2) before it starts, not at the lookup of the bad entry or never. It is still cheaper
   * than {@link #parse} (no {@code ObjectMapper}, no tree of the whole document), and later lookups
   * find the entries decoded.
   *
   * @throws CompatDbException if it is malformed
   * @throws UncheckedIOException if it cannot be read
   */
  public static CompatDatabase load(Path file) {
    String text;
    try {
      text = Files.readString(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the compat-db snapshot " + file, e);
    }
    return lazy(text, file.toString(), true);
  }

  /**
   * A snapshot indexed by {@link LazyPackageTable}, or read by {@link #parse} when it is not of the
   * usual shape (which then reports the problem as it always has).
   *
   * @param checkEntries whether to decode every entry now, so that a malformed one fails here
   */
  private static CompatDatabase lazy(String json, String source, boolean checkEntries) {
    Optional<LazyPackageTable> indexed = LazyPackageTable.index(json, source);
    if (indexed.isEmpty()) {
      return parse(json, source);
    }
    LazyPackageTable snapshot = checkEntries ? indexed.get().checkEveryEntry() : indexed.get();
    return new CompatDatabase(snapshot.info(), snapshot, Overrides.none());
  }

  /**
   * Parses a snapshot, decoding and checking every entry now.
   *
   * @param source the file name for messages
   * @throws CompatDbException if it is malformed
   */
  public static CompatDatabase parse(String json, String source) {
    JsonNode root;
    try {
      root = Mapper.JSON.readTree(json);
    } catch (JsonProcessingException e) {
      String where =
          e.getLocation() == null
              ? ""
              : " at line "
                  + e.getLocation().getLineNr()
                  + ", column "
                  + e.getLocation().getColumnNr();
      throw new CompatDbException(
          source, "$", "not valid JSON" + where + ": " + e.getOriginalMessage(), e);
    }
    if (root == null || root.isMissingNode()) {
      throw new CompatDbException(source, "$", "expected a JSON object but the file is empty");
    }
    return CompatDbCodec.read(new JsonReader(source).root(root));
  }

  /** The same data with the user's overrides and suppressions on top (replacing earlier ones). */
  public CompatDatabase withOverrides(Overrides overrides) {
    return new CompatDatabase(info, packages, overrides);
  }

  /** The snapshot's header. */
  public DatabaseInfo info() {
    return info;
  }

  /** The snapshot's version, for reports, e.g. {@code 2026.11.27}. */
  public String version() {
    return info.version();
  }

  /** The day the snapshot was built, for reports. */
  public LocalDate date() {
    return info.date();
  }

  /** The overrides in effect. */
  public Overrides overrides() {
    return overrides;
  }

  /**
   * Every entry, by name.
   *
   * @throws CompatDbException for the first malformed entry in file order, when the entries were
   *     not checked at load (see {@link #load()})
   */
  public Collection<PackageEntry> packages() {
    return packages.all();
  }

  /**
   * The entry for a package, empty when the database does not know it.
   *
   * @throws CompatDbException when it is malformed and was not checked at load (see {@link
   *     #load()})
   */
  public Optional<PackageEntry> entry(PackageName name) {
    return packages.get(name);
  }

  /** The first override in file order for the package, whatever its versions. */
  public Optional<PackageOverride> override(PackageName name) {
    return overrides.overrides().stream().filter(o -> o.name().equals(name)).findFirst();
  }

  /** The first override in file order for the package that covers {@code version}. */
  public Optional<PackageOverride> override(PackageName name, Version version) {
    return overrides.overrides().stream()
        .filter(o -> o.name().equals(name) && o.appliesTo(version))
        .findFirst();
  }

  /** The suppression of the package in effect on {@code today}, if any. */
  public Optional<Suppression> activeSuppression(PackageName name, LocalDate today) {
    return overrides.suppressions().stream()
        .filter(s -> s.name().equals(name) && !s.isExpired(today))
        .findFirst();
  }

  /** The suppressions that expired before {@code today}, in file order, to report. */
  public List<Suppression> expiredSuppressions(LocalDate today) {
    return overrides.suppressions().stream().filter(s -> s.isExpired(today)).toList();
  }

  /**
   * What is known about a package for a free-threaded target on a platform. Empty when the package
   * is neither in the snapshot nor overridden, or the target is not a free-threaded CPython.
   */
  public Optional<KnownStatus> lookup(PackageName name, TargetPython python, Platform platform) {
    Optional<CompatTarget> target = CompatTarget.of(python);
    return target.flatMap(t -> lookup(name, t, PlatformKey.of(platform)));
  }

  /**
   * {@link #lookup(PackageName, TargetPython, Platform)} by profile, also for {@code nogil-3.9}.
   */
  public Optional<KnownStatus> lookup(
      PackageName name, CompatTarget target, Optional<PlatformKey> platform) {
    Optional<PackageEntry> entry = entry(name);
    Optional<PackageOverride> override = override(name);
    if (entry.isEmpty() && override.isEmpty()) {
      return Optional.empty();
    }
    List<Evidence> evidence = new ArrayList<>();
    Optional<TargetStatus> ts = entry.map(e -> e.targets().get(target));
    Optional<PlatformStatus> ps = platform.flatMap(p -> ts.map(t -> t.platforms().get(p)));
    Optional<ProbeFinding> probe = ts.flatMap(TargetStatus::probe);
    ps.ifPresent(p -> evidence.addAll(p.evidence()));
    probe.ifPresent(
        p ->
            evidence.add(
                new Evidence(
                    "probe",
                    p.wheel() + " on " + p.interpreter() + ": " + p.detail(),
                    p.learned())));
    entry.ifPresent(e -> evidence.addAll(e.evidence()));
    Readiness readiness;
    if (override.isPresent()) {
      PackageOverride o = override.get();
      readiness = o.good() ? Readiness.KNOWN_GOOD : Readiness.KNOWN_BAD;
      evidence.add(
          0,
          new Evidence(
              "override",
              o.source()
                  + ": "
                  + o.status()
                  + (o.versions().isEmpty() ? "" : " for " + o.versions())
                  + ": "
                  + o.reason(),
              date()));
    } else if (ps.isEmpty()) {
      readiness = Readiness.NOT_EXAMINED;
    } else if (ps.get().firstVersion().isEmpty()) {
      readiness =
          ps.get().firstAbiNoneVersion().isPresent()
              ? Readiness.ABI_NONE_WHEELS
              : Readiness.NO_FREE_THREADED_WHEELS;
    } else if (probe.map(ProbeFinding::gilReenabled).orElse(false)) {
      readiness = Readiness.GIL_REENABLED;
    } else {
      readiness = Readiness.FREE_THREADED_WHEELS;
    }
    return Optional.of(
        new KnownStatus(
            name,
            target,
            platform,
            readiness,
            ps.flatMap(PlatformStatus::firstVersion),
            ps.flatMap(PlatformStatus::latestVersion),
            entry.flatMap(PackageEntry::latestVersion),
            probe,
            entry.flatMap(PackageEntry::classifier),
            entry.map(PackageEntry::alternatives).orElse(List.of()),
            entry.flatMap(PackageEntry::tracking),
            override,
            evidence));
  }

  /**
   * The first release with a free-threaded wheel for the target on the platform. Empty when the
   * package, target or platform is unknown or no release has one.
   */
  public Optional<Version> firstSupported(
      PackageName name, TargetPython python, Platform platform) {
    return lookup(name, python, platform).flatMap(KnownStatus::firstSupported);
  }

  /**
   * Upgrade advice when {@code requested} is not known to be usable on the target and platform.
   *
   * <p>Empty when the database does not know the package, when a known-good override covers {@code
   * requested}, or when {@code requested} has a free-threaded wheel (or, for a project without
   * extension modules bound to an ABI, an installable ABI-{@code none} platform wheel). Otherwise
   * the advice names the lowest higher release with a free-threaded wheel that no known-bad
   * override covers (empty when there is none), the alternatives and the tracking issue.
   */
  public Optional<Remediation> remediation(
      PackageName name, Version requested, TargetPython python, Platform platform) {
    Optional<CompatTarget> target = CompatTarget.of(python);
    if (target.isEmpty()) {
      return Optional.empty();
    }
    return remediation(name, requested, target.get(), PlatformKey.of(platform));
  }

  /** {@link #remediation(PackageName, Version, TargetPython, Platform)} by profile. */
  public Optional<Remediation> remediation(
      PackageName name, Version requested, CompatTarget target, Optional<PlatformKey> platform) {
    Optional<KnownStatus> known = lookup(name, target, platform);
    if (known.isEmpty()) {
      return Optional.empty();
    }
    KnownStatus k = known.get();
    Optional<PackageOverride> here = override(name, requested);
    if (here.isPresent() && here.get().good()) {
      return Optional.empty();
    }
    Optional<PlatformStatus> ps =
        platform.flatMap(
            p -> entry(name).map(e -> e.targets().get(target)).map(t -> t.platforms().get(p)));
    if (ps.isEmpty() && here.isEmpty()) {
      return Optional.empty(); // not examined: nothing to say either way
    }
    boolean ready =
        ps.map(
                p ->
                    p.hasFreeThreadedWheel(requested)
                        || p.firstAbiNoneVersion()
                            .map(v -> requested.compareTo(v) >= 0)
                            .orElse(false))
            .orElse(false);
    if (ready && here.isEmpty()) {
      return Optional.empty();
    }
    Optional<Version> upgrade = Optional.empty();
    if (ps.isPresent()) {
      upgrade =
          ps.get().versions().stream()
              .filter(v -> v.compareTo(requested) > 0)
              .filter(v -> override(name, v).map(PackageOverride::good).orElse(true))
              .findFirst();
    }
    String where = platform.map(PlatformKey::id).orElse("this platform") + " for " + target;
    StringBuilder reason = new StringBuilder();
    if (here.isPresent()) {
      reason.append(requested).append(" is known-bad (").append(here.get().reason()).append(")");
    } else {
      reason.append(requested).append(" has no free-threaded wheel on ").append(where);
    }
    if (upgrade.isPresent()) {
      reason.append("; ").append(upgrade.get()).append(" is the lowest newer release that has one");
      if (k.probe().map(ProbeFinding::gilReenabled).orElse(false)) {
        reason
            .append(", but importing ")
            .append(k.probe().get().version())
            .append(" re-enabled the GIL");
      }
    } else {
      reason
          .append("; no newer release has one")
          .append(k.latestRelease().map(v -> " (newest release " + v + ")").orElse(""));
    }
    List<Evidence> evidence = new ArrayList<>(k.evidence());
    return Optional.of(
        new Remediation(
            name,
            requested,
            target,
            platform,
            upgrade,
            k.alternatives(),
            k.tracking(),
            reason.toString(),
            evidence));
  }

  /** The snapshot as JSON in the documented format (keys in a fixed order, packages by name). */
  public String toJson() {
    try {
      return Mapper.JSON.writeValueAsString(CompatDbCodec.write(info, packages.all())) + "\n";
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Writes {@link #toJson()} to a file (the snapshot of {@code db export}). */
  public void write(Path file) {
    try {
      Path parent = file.toAbsolutePath().getParent();
      if (parent != null) {
        Files.createDirectories(parent);
      }
      Files.writeString(file, toJson(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the compat-db snapshot " + file, e);
    }
  }
}
