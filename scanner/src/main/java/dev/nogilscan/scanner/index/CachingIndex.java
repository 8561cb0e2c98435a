package dev.nogilscan.scanner.index;

import dev.nogilscan.compatdb.pep.PackageName;
import java.io.IOException;
import java.io.InputStream;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Remembers project pages and metadata files for the length of one run, so resolution and
 * assessment read each page once. Thread safe; failures are not remembered.
 */
public final class CachingIndex implements PackageIndex {
  private final PackageIndex delegate;
  private final Map<PackageName, Optional<ProjectPage>> pages = new ConcurrentHashMap<>();
  private final Map<String, Optional<String>> metadata = new ConcurrentHashMap<>();

  public CachingIndex(PackageIndex delegate) {
    this.delegate = delegate;
  }

  @Override
  public Optional<ProjectPage> project(PackageName name) throws IOException {
    Optional<ProjectPage> known = pages.get(name);
    if (known != null) {
      return known;
    }
    Optional<ProjectPage> page = delegate.project(name);
    pages.put(name, page);
    return page;
  }

  @Override
  public Optional<String> metadata(DistributionFile file) throws IOException {
    Optional<String> known = metadata.get(file.url());
    if (known != null) {
      return known;
    }
    Optional<String> text = delegate.metadata(file);
    metadata.put(file.url(), text);
    return text;
  }

  @Override
  public InputStream open(DistributionFile file) throws IOException {
    return delegate.open(file);
  }

  @Override
  public String describe() {
    return delegate.describe();
  }
}
