package dev.nogilscan.scanner.resolve;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nogilscan.compatdb.pep.PackageName;
import dev.nogilscan.compatdb.pep.Requirement;
import dev.nogilscan.compatdb.pep.TargetEnvironment;
import dev.nogilscan.scanner.cache.ArchiveCache;
import dev.nogilscan.scanner.cache.Downloads;
import dev.nogilscan.scanner.index.DistributionFile;
import dev.nogilscan.scanner.index.PackageIndex;
import dev.nogilscan.scanner.index.ProjectPage;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The resolver reads the metadata of a dependency graph's likely candidates together instead of one
 * pin at a time, so a cold resolution costs round trips per level of the graph, not per package.
 */
class ResolverLookAheadTest {
  @TempDir Path tmp;
  private final ExecutorService pool = Executors.newFixedThreadPool(8);

  @AfterEach
  void stop() {
    pool.shutdownNow();
  }

  /**
   * Counts requests in flight. A request for a {@code b…} project (its page, its metadata) is held
   * until three of its kind are in flight together, or 10 s have passed: requests made at once
   * overlap, as round trips do, and requests made one at a time never reach three.
   */
  static final class SlowMetadata implements PackageIndex {
    final FakeIndex delegate;
    final AtomicInteger inFlight = new AtomicInteger();
    final AtomicInteger most = new AtomicInteger();
    final AtomicInteger requests = new AtomicInteger();
    final AtomicInteger pagesInFlight = new AtomicInteger();
    final AtomicInteger mostPages = new AtomicInteger();
    private final CountDownLatch pagesTogether = new CountDownLatch(3);
    private final CountDownLatch metadataTogether = new CountDownLatch(3);

    SlowMetadata(FakeIndex delegate) {
      this.delegate = delegate;
    }

    @Override
    public Optional<ProjectPage> project(PackageName name) throws IOException {
      mostPages.accumulateAndGet(pagesInFlight.incrementAndGet(), Math::max);
      try {
        hold(name.normalized(), pagesTogether);
      } finally {
        pagesInFlight.decrementAndGet();
      }
      return delegate.project(name);
    }

    @Override
    public Optional<String> metadata(DistributionFile file) throws IOException {
      requests.incrementAndGet();
      most.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
      try {
        hold(file.filename(), metadataTogether);
      } finally {
        inFlight.decrementAndGet();
      }
      return delegate.metadata(file);
    }

    private static void hold(String name, CountDownLatch together) throws IOException {
      if (!name.startsWith("b")) {
        return;
      }
      together.countDown();
      try {
        together.await(10, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IOException("interrupted", e);
      }
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

  private Resolution resolve(PackageIndex index, boolean followDependencies) {
    return resolve(index, followDependencies, List.of("app"));
  }

  private Resolution resolve(PackageIndex index, boolean followDependencies, List<String> roots) {
    return new Resolver(
            index,
            TargetEnvironment.parse("3.13t/manylinux_2_36_x86_64"),
            new MetadataReader(
                index, new Downloads(index, new ArchiveCache(tmp.resolve("a")), tmp), List.of()),
            followDependencies,
            false,
            pool)
        .resolve(
            roots.stream().map(r -> new Resolver.Root(Requirement.parse(r), "r.txt:1")).toList());
  }

  @Test
  void thePagesOfAllInputsAreAskedForTogether() {
    FakeIndex fake = new FakeIndex();
    List<String> roots = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      roots.add("b" + i);
      fake.release("b" + i, "1.0");
    }
    SlowMetadata index = new SlowMetadata(fake);

    assertThat(resolve(index, false, roots).packages()).hasSize(10);
    // One input at a time, a single page request is ever in flight.
    assertThat(index.mostPages.get()).isGreaterThanOrEqualTo(3);
  }

  @Test
  void theMetadataOfSiblingDependenciesIsReadTogether() {
    FakeIndex fake = new FakeIndex();
    List<String> direct = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      direct.add("b" + i + ">=1");
      fake.release("b" + i, "1.0", "c" + i).release("b" + i, "0.9").release("c" + i, "1.0");
    }
    fake.release("app", "1.0", direct.toArray(String[]::new));
    SlowMetadata index = new SlowMetadata(fake);

    Resolution r = resolve(index, true);

    assertThat(r.packages()).hasSize(21);
    assertThat(r.packages())
        .allSatisfy(p -> assertThat(p.candidate().version().toString()).isEqualTo("1.0"));
    // One pin at a time, a single metadata request is ever in flight.
    assertThat(index.most.get()).isGreaterThanOrEqualTo(3);
    // Reading ahead asks only for what the search then uses: each chosen release once.
    assertThat(index.requests.get()).isEqualTo(21);
  }

  @Test
  void withoutDependenciesNothingIsReadAhead() {
    FakeIndex fake = new FakeIndex().release("app", "1.0", "b>=1").release("b", "1.0");
    SlowMetadata index = new SlowMetadata(fake);

    Resolution r = resolve(index, false);

    assertThat(r.packages()).hasSize(1);
    assertThat(index.requests.get()).isZero();
  }
}
