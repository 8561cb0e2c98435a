package dev.nogilscan.compatdb;

import dev.nogilscan.compatdb.pep.PackageName;
import java.util.Collection;
import java.util.Collections;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;

/** Entries already decoded, e.g. built by {@code db update} or read eagerly. */
record DecodedPackageTable(SortedMap<PackageName, PackageEntry> byName) implements PackageTable {
  DecodedPackageTable {
    byName = Collections.unmodifiableSortedMap(new TreeMap<>(byName));
  }

  static DecodedPackageTable of(Collection<PackageEntry> entries) {
    SortedMap<PackageName, PackageEntry> map = new TreeMap<>();
    for (PackageEntry e : entries) {
      map.put(e.name(), e);
    }
    return new DecodedPackageTable(map);
  }

  @Override
  public Optional<PackageEntry> get(PackageName name) {
    return Optional.ofNullable(byName.get(name));
  }

  @Override
  public Collection<PackageEntry> all() {
    return byName.values();
  }

  @Override
  public String toString() {
    return "DecodedPackageTable[" + byName.size() + " entries]";
  }
}
