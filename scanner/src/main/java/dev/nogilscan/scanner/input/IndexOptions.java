package dev.nogilscan.scanner.input;

import java.util.List;
import java.util.Optional;

/**
 * The index options a requirements file sets for the whole install, as pip reads them from lines
 * such as {@code --index-url URL}. pip applies them over its command line: a file's {@code
 * --index-url} replaces the command line's index and extra indexes, {@code --no-index} drops every
 * index, extra indexes, find-links and trusted hosts add to the command line's.
 *
 * @param indexUrl the last {@code -i/--index-url}, when one is given
 * @param extraIndexUrls every {@code --extra-index-url}, in file order
 * @param findLinks every {@code -f/--find-links}: a URL as written, a path made absolute against
 *     the requirements file's directory when it exists there (as pip does), else as written
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

  /** These options followed by those of a file read after them: the later index URL wins. */
  public IndexOptions then(IndexOptions later) {
    List<String> extras = new java.util.ArrayList<>(extraIndexUrls);
    extras.addAll(later.extraIndexUrls);
    List<String> links = new java.util.ArrayList<>(findLinks);
    links.addAll(later.findLinks);
    List<String> hosts = new java.util.ArrayList<>(trustedHosts);
    hosts.addAll(later.trustedHosts);
    return new IndexOptions(
        later.indexUrl.or(() -> indexUrl),
        extras,
        links,
        hosts,
        pre || later.pre,
        noIndex || later.noIndex,
        requireHashes || later.requireHashes);
  }
}
