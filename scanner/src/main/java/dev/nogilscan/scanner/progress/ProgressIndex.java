package dev.nogilscan.scanner.progress;

import dev.nogilscan.compatdb.pep.PackageName;
import dev.nogilscan.scanner.index.DistributionFile;
import dev.nogilscan.scanner.index.PackageIndex;
import dev.nogilscan.scanner.index.ProjectPage;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Optional;

/** An index that tells a {@link Progress} about every page, metadata file and byte it serves. */
public final class ProgressIndex implements PackageIndex {
  private final PackageIndex delegate;
  private final Progress progress;

  public ProgressIndex(PackageIndex delegate, Progress progress) {
    this.delegate = delegate;
    this.progress = progress;
  }

  @Override
  public Optional<ProjectPage> project(PackageName name) throws IOException {
    Optional<ProjectPage> page = delegate.project(name);
    progress.pageRead();
    return page;
  }

  @Override
  public Optional<String> metadata(DistributionFile file) throws IOException {
    Optional<String> text = delegate.metadata(file);
    if (text.isPresent()) {
      progress.pageRead();
    }
    return text;
  }

  @Override
  public InputStream open(DistributionFile file) throws IOException {
    return new FilterInputStream(delegate.open(file)) {
      @Override
      public int read() throws IOException {
        int b = super.read();
        if (b >= 0) {
          progress.downloaded(1);
        }
        return b;
      }

      @Override
      public int read(byte[] buffer, int offset, int length) throws IOException {
        int n = super.read(buffer, offset, length);
        if (n > 0) {
          progress.downloaded(n);
        }
        return n;
      }

      @Override
      public long skip(long n) throws IOException {
        long skipped = super.skip(n);
        progress.downloaded(skipped);
        return skipped;
      }
    };
  }

  @Override
  public String describe() {
    return delegate.describe();
  }
}
