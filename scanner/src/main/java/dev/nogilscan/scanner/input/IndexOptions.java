package dev.nogilscan.scanner.input;

import java.util.List;
import java.util.Optional;

/**
 * The index options a requirements file sets for the whole install, as pip reads them from lines
 * such as {@code --index-url URL}; the command line's own flags take precedence over these.
 *
 * @param indexUrl the last {@code -i/--index-url}, when one is given
 * @param extraIndexUrls every {@code --extra-index-url}, in file order
 * @param findLinks every {@code -f/--find-links} (a directory or URL, as written)
 * @param trustedHosts every {@code --trusted-host}
 * @param pre true when {@code --pre} is given
 * @param noIndex true when {@code --no-index} is given
 * @param requireHashes true when {@code --require-hashes} is given
 */
public record IndexOptions(
    Optional<String> indexUrl,
    List<String> extraIndexUrls,
    List<String> findLinks,
    List<String> trustedHosts,
    boolean pre,
    boolean noIndex,
    boolean requireHashes) {
  public static final IndexOptions NONE =
      new IndexOptions(Optional.empty(), List.of(), List.of(), List.of(), false, false, false);

  public IndexOptions {
    extraIndexUrls = List.copyOf(extraIndexUrls);
    findLinks = List.copyOf(findLinks);
    trustedHosts = List.copyOf(trustedHosts);
  }
}
