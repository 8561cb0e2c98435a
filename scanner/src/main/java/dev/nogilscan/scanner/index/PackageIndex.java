package dev.nogilscan.scanner.index;

import dev.nogilscan.compatdb.pep.PackageName;
import java.io.IOException;
import java.io.InputStream;
import java.util.Optional;

/**
 * A source of project pages and files. Implementations are thread safe.
 *
 * <p>Failures: a project the index does not have is an empty result; a failure for one project (a
 * 5xx, a malformed page) is an {@link IOException} the caller turns into that package's verdict; an
 * index that cannot be reached at all is an {@link IndexException}.
 */
public interface PackageIndex {
  /** The index's page for {@code name}, or empty when the index does not have the project. */
  Optional<ProjectPage> project(PackageName name) throws IOException;

  /**
   * The core metadata of a wheel served beside it (PEP 658/714: the file's URL + {@code
   * .metadata}), when the page said it is offered; empty otherwise.
   */
  Optional<String> metadata(DistributionFile file) throws IOException;

  /** The bytes of a file listed on a page; the caller closes the stream. */
  InputStream open(DistributionFile file) throws IOException;

  /** Where this index lives, with credentials removed, for messages and reports. */
  String describe();
}
