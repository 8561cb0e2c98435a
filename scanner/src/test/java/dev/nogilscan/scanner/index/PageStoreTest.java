package dev.nogilscan.scanner.index;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nogilscan.compatdb.pep.PackageName;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PageStoreTest {
  private static final String KEY = "GET https://pypi.example/simple/numpy/\nAccept: json";

  @TempDir Path dir;
  private final AtomicLong now = new AtomicLong(1_000_000);
  private PageStore store;

  @BeforeEach
  void open() {
    store = new PageStore(dir, now::get);
  }

  private static ProjectPage page() {
    return new ProjectPage(
        PackageName.of("numpy"),
        "https://pypi.example/simple/numpy/",
        "json",
        List.of(
            new DistributionFile(
                "numpy-2.1.0-cp313-cp313t-manylinux_2_17_x86_64.whl",
                "https://files.example/numpy-2.1.0-cp313-cp313t-manylinux_2_17_x86_64.whl",
                Optional.of("a".repeat(64)),
                Optional.of(">=3.10"),
                Optional.empty(),
                true),
            new DistributionFile(
                "numpy-2.0.0.tar.gz",
                "https://files.example/numpy-2.0.0.tar.gz",
                Optional.empty(),
                Optional.empty(),
                Optional.of("broken build \u2013 use 2.0.1"),
                false),
            new DistributionFile(
                "numpy-1.0.tar.gz",
                "https://files.example/numpy-1.0.tar.gz",
                Optional.empty(),
                Optional.empty(),
                Optional.of(""),
                false)));
  }

  private Path onlyEntry() throws Exception {
    try (Stream<Path> walk = Files.walk(dir)) {
      List<Path> files = walk.filter(Files::isRegularFile).toList();
      assertThat(files).hasSize(1);
      return files.get(0);
    }
  }

  @Test
  void aFreshPageIsReadBackAsItWasStored() {
    store.putPage(KEY, now.get() + 600_000, page());

    Optional<ProjectPage> read = store.page(KEY, PackageName.of("NumPy"), false);

    assertThat(read).isPresent();
    assertThat(read.get().files()).isEqualTo(page().files());
    assertThat(read.get().url()).isEqualTo(page().url());
    assertThat(read.get().format()).isEqualTo("json");
    assertThat(read.get().name()).isEqualTo(PackageName.of("numpy"));
  }

  @Test
  void aStalePageIsNotUsedExceptOffline() {
    store.putPage(KEY, now.get() + 600_000, page());
    now.addAndGet(600_000);

    assertThat(store.page(KEY, PackageName.of("numpy"), false)).isEmpty();
    assertThat(store.page(KEY, PackageName.of("numpy"), true)).isPresent();
  }

  @Test
  void aResponseAlreadyStaleIsNotStored() {
    store.putPage(KEY, now.get(), page());
    store.putMetadata("GET m", 0, "Name: x");

    assertThat(store.page(KEY, PackageName.of("numpy"), true)).isEmpty();
    assertThat(store.metadata("GET m", true)).isEmpty();
    assertThat(dir).isEmptyDirectory();
  }

  @Test
  void metadataTextRoundTripsWhateverItsSize() {
    String text = "Metadata-Version: 2.4\nName: x\n" + "Description: \u00e9\n".repeat(100_000);
    store.putMetadata("GET m", now.get() + 1, text);

    assertThat(store.metadata("GET m", false)).contains(text);
    assertThat(store.page("GET m", PackageName.of("x"), false))
        .as("a metadata entry is not a page")
        .isEmpty();
  }

  @Test
  void aTruncatedEntryIsIgnoredAndReplaced() throws Exception {
    store.putPage(KEY, now.get() + 600_000, page());
    Path entry = onlyEntry();
    byte[] whole = Files.readAllBytes(entry);
    for (int cut : new int[] {0, 3, 13, whole.length / 2, whole.length - 1}) {
      Files.write(entry, Arrays.copyOf(whole, cut));
      assertThat(store.page(KEY, PackageName.of("numpy"), true)).as("cut at %d", cut).isEmpty();
    }

    store.putPage(KEY, now.get() + 600_000, page());
    assertThat(store.page(KEY, PackageName.of("numpy"), false)).isPresent();
  }

  @Test
  void anEntryOfAnotherKeyUnderTheSameFileIsNotServed() throws Exception {
    String other = "GET https://pypi.example/simple/scipy/\nAccept: json";
    store.putPage(other, now.get() + 600_000, page());
    Files.createDirectories(store.path(KEY).getParent());
    Files.move(store.path(other), store.path(KEY));

    assertThat(store.page(KEY, PackageName.of("numpy"), true)).isEmpty();
  }

  @Test
  void garbageIsIgnored() throws Exception {
    Files.createDirectories(store.path(KEY).getParent());
    Files.write(store.path(KEY), new byte[] {'N', 'G', 'S', 'P', 0, 0, 0, 1, 'p', -1, -1});

    assertThat(store.page(KEY, PackageName.of("numpy"), true)).isEmpty();
  }

  @Test
  void noTemporaryFileIsLeftBehind() throws Exception {
    store.putPage(KEY, now.get() + 600_000, page());
    store.putPage(KEY, now.get() + 900_000, page());

    assertThat(onlyEntry()).isEqualTo(store.path(KEY));
  }
}
