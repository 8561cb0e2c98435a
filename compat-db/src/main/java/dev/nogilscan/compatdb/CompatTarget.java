package dev.nogilscan.compatdb;

import dev.nogilscan.compatdb.pep.TargetPython;
import java.util.Arrays;
import java.util.Optional;

/**
 * A free-threaded interpreter profile the compatibility database has facts for: the PEP 703 builds
 * of CPython 3.13, 3.14 and 3.15, and the legacy colesbury/nogil 3.9 fork as a separate, historical
 * profile (its own ABI tags such as {@code nogil39}, its own index).
 */
public enum CompatTarget {
  /** CPython 3.13 free-threaded build (PEP 703 phase I); wheels with ABI {@code cp313t}. */
  CP313T("3.13t", "cp313t"),
  /** CPython 3.14 free-threaded build (PEP 779 phase II); wheels with ABI {@code cp314t}. */
  CP314T("3.14t", "cp314t"),
  /**
   * CPython 3.15 free-threaded build; ABI {@code cp315t} or the PEP 803 stable ABI {@code abi3t}.
   */
  CP315T("3.15t", "cp315t"),
  /** The colesbury/nogil fork of CPython 3.9; ABI tags starting with {@code nogil39}. */
  NOGIL39("nogil-3.9", "nogil39");

  private final String id;
  private final String abi;

  CompatTarget(String id, String abi) {
    this.id = id;
    this.abi = abi;
  }

  /** The key used in the data file, e.g. {@code 3.14t} or {@code nogil-3.9}. */
  public String id() {
    return id;
  }

  /** The free-threaded ABI tag of this profile, e.g. {@code cp314t}. */
  public String abiTag() {
    return abi;
  }

  /** Whether a wheel ABI tag is a free-threaded ABI this profile loads. */
  public boolean isFreeThreadedAbi(String abiTag) {
    if (this == NOGIL39) {
      return abiTag.startsWith("nogil39") || abiTag.startsWith("nogil_39");
    }
    // cp313td is the debug variant of cp313t; abi3t is PEP 803's free-threaded stable ABI (3.15+).
    return abiTag.equals(abi)
        || abiTag.equals(abi + "d")
        || (this == CP315T && abiTag.equals("abi3t"));
  }

  /** The CPython target, empty for the legacy fork. */
  public Optional<TargetPython> python() {
    return switch (this) {
      case CP313T -> Optional.of(new TargetPython(3, 13, true));
      case CP314T -> Optional.of(new TargetPython(3, 14, true));
      case CP315T -> Optional.of(new TargetPython(3, 15, true));
      case NOGIL39 -> Optional.empty();
    };
  }

  /** The profile of a free-threaded CPython target, empty for GIL builds and other versions. */
  public static Optional<CompatTarget> of(TargetPython python) {
    return Arrays.stream(values()).filter(t -> t.python().equals(Optional.of(python))).findFirst();
  }

  /** The profile with this {@link #id()}. */
  public static Optional<CompatTarget> byId(String id) {
    return Arrays.stream(values()).filter(t -> t.id.equals(id)).findFirst();
  }

  @Override
  public String toString() {
    return id;
  }
}
