package dev.nogilscan.bench;

import java.io.IOException;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import java.util.zip.Deflater;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.BenchmarkParams;

/**
 * Inspecting (and installing for a probe) a ~100 MB native wheel: time per operation, and the peak
 * heap the operations used, in a JVM whose heap is capped at 64 MiB, so that any reader holding a
 * member or the archive in memory would fail with an OutOfMemoryError instead of passing.
 *
 * <p>The wheel is generated in the setup: five 20 MiB incompressible extension modules, 2,000
 * Python modules of ~10 KiB text, METADATA, top_level.txt and a correct RECORD, so the inspection
 * does all it does on a real wheel (central directory, metadata members, every member once through
 * its RECORD sha256).
 *
 * <p>This build compiles only compat-db's sources; the archive classes come from the fat jar
 * ({@code dist/target/nogil-scan.jar}) on the class path at run time and are reached by name. Run
 * it with {@code bench/large-wheel.sh}.
 */
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 2)
@Measurement(iterations = 5)
@Fork(value = 1, jvmArgsAppend = {"-Xmx64m"})
@State(Scope.Benchmark)
public class LargeWheelBenchmark {
  static final String FILENAME = "big-1.0-cp313-cp313t-manylinux_2_17_x86_64.whl";

  private Path dir;
  private Path wheel;
  private Object inspector;
  private Method inspect;
  private Object installer;
  private Method install;
  private int round;

  @Setup(Level.Trial)
  public void setUp() throws Exception {
    dir = Files.createTempDirectory("nogil-scan-large-wheel");
    wheel = dir.resolve(FILENAME);
    write(wheel);
    Class<?> limits = Class.forName("dev.nogilscan.scanner.archive.ArchiveLimits");
    Object defaults = limits.getField("DEFAULT").get(null);
    Class<?> inspectorClass = Class.forName("dev.nogilscan.scanner.archive.WheelInspector");
    inspector = inspectorClass.getConstructor(limits).newInstance(defaults);
    inspect = inspectorClass.getMethod("inspect", Path.class, String.class);
    Class<?> installerClass = Class.forName("dev.nogilscan.scanner.archive.WheelInstaller");
    installer = installerClass.getConstructor(limits).newInstance(defaults);
    install = installerClass.getMethod("install", Path.class, String.class, Path.class);
    System.gc();
    for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
      pool.resetPeakUsage();
    }
  }

  @TearDown(Level.Trial)
  public void tearDown(BenchmarkParams params) throws IOException {
    long peak = 0;
    for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
      if (pool.getType() == MemoryType.HEAP) {
        peak += pool.getPeakUsage().getUsed();
      }
    }
    System.out.printf(
        "%nlarge-wheel: %s of %s, %.1f MiB; peak heap used (sum of per-pool peaks) %.1f MiB;"
            + " max heap %.0f MiB%n",
        params.getBenchmark().substring(params.getBenchmark().lastIndexOf('.') + 1),
        FILENAME,
        Files.size(wheel) / 1048576.0,
        peak / 1048576.0,
        Runtime.getRuntime().maxMemory() / 1048576.0);
    delete(dir);
  }

  /** Reads the whole wheel as a scan does: metadata, extension modules, RECORD check. */
  @Benchmark
  public Object inspect() throws Exception {
    return inspect.invoke(inspector, wheel, FILENAME);
  }

  /** Unpacks it for an import probe, verifying RECORD while writing. */
  @Benchmark
  public Object installForProbe() throws Exception {
    Path site = dir.resolve("site-" + round++);
    install.invoke(installer, wheel, FILENAME, site);
    delete(site);
    return site;
  }

  static void write(Path file) throws Exception {
    Random random = new Random(703);
    List<String> record = new ArrayList<>();
    try (OutputStream raw = Files.newOutputStream(file);
        ZipOutputStream zip = new ZipOutputStream(raw)) {
      zip.setLevel(Deflater.BEST_SPEED);
      byte[] chunk = new byte[1 << 20];
      for (int m = 0; m < 5; m++) {
        String name = "big/_core" + m + ".cpython-313t-x86_64-linux-gnu.so";
        MessageDigest sha = MessageDigest.getInstance("SHA-256");
        zip.putNextEntry(new ZipEntry(name));
        for (int i = 0; i < 20; i++) {
          random.nextBytes(chunk);
          zip.write(chunk);
          sha.update(chunk);
        }
        zip.closeEntry();
        record.add(name + ",sha256=" + b64(sha.digest()) + "," + (20L << 20));
      }
      StringBuilder text = new StringBuilder();
      for (int line = 0; line < 250; line++) {
        text.append("def f").append(line).append("(x):\n    return x * ").append(line).append('\n');
      }
      for (int i = 0; i < 2000; i++) {
        add(zip, record, "big/mod" + i + ".py", ("# module " + i + "\n" + text));
      }
      add(zip, record, "big/__init__.py", "");
      String info = "big-1.0.dist-info/";
      add(zip, record, info + "METADATA", "Metadata-Version: 2.1\nName: big\nVersion: 1.0\n");
      add(zip, record, info + "WHEEL", "Wheel-Version: 1.0\nRoot-Is-Purelib: false\n");
      add(zip, record, info + "top_level.txt", "big\n");
      record.add(info + "RECORD,,");
      zip.putNextEntry(new ZipEntry(info + "RECORD"));
      zip.write((String.join("\n", record) + "\n").getBytes(StandardCharsets.UTF_8));
      zip.closeEntry();
    }
  }

  private static void add(ZipOutputStream zip, List<String> record, String name, String text)
      throws Exception {
    byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
    zip.putNextEntry(new ZipEntry(name));
    zip.write(bytes);
    zip.closeEntry();
    byte[] digest = MessageDigest.getInstance("SHA-256").digest(bytes);
    record.add(name + ",sha256=" + b64(digest) + "," + bytes.length);
  }

  private static String b64(byte[] digest) {
    return Base64.getUrlEncoder().withoutPadding().encodeToString(digest);
  }

  private static void delete(Path root) throws IOException {
    if (!Files.exists(root)) {
      return;
    }
    try (Stream<Path> all = Files.walk(root)) {
      for (Path p : all.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    }
  }
}
