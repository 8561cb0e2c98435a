package dev.nogilscan.compatdb;

import dev.nogilscan.compatdb.pep.PackageName;
import java.util.Collection;
import java.util.Optional;

/**
 * A snapshot's entries by name, decoded up front ({@link DecodedPackageTable}) or on first use
 * ({@link LazyPackageTable}). Implementations are thread-safe and answer the same for the same
 * text.
 */
interface PackageTable {
  /**
   * The entry, empty when the snapshot has none by that name.
   *
   * @throws CompatDbException when a lazily decoded entry is malformed (the message the whole
   *     document's reading gives for it)
   */
  Optional<PackageEntry> get(PackageName name);

  /**
   * Every entry, by name.
   *
   * @throws CompatDbException for the first malformed entry in file order
   */
  Collection<PackageEntry> all();
}
