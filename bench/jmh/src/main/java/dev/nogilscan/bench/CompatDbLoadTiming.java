package dev.nogilscan.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.nogilscan.compatdb.CompatDatabase;
import dev.nogilscan.compatdb.CompatTarget;
import dev.nogilscan.compatdb.PlatformKey;
import dev.nogilscan.compatdb.pep.PackageName;
import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What a scan pays for the bundled compatibility database in a fresh JVM: {@code
 * CompatDatabase.load()} plus {@code entry} and {@code lookup} for N names of the bundled snapshot
 * (every other one, from the first, so that lookups are spread over the file). Not JMH: the cost is
 * class loading, interpretation and JIT warm-up, which only a fresh JVM shows, so run it several
 * times and take the median:
 *
 * <pre>
 * for i in 1 2 3 4 5 6 7; do java -XX:+UseSerialGC -cp target/benchmarks.jar \
 *     dev.nogilscan.bench.CompatDbLoadTiming 300; done
 * </pre>
 *
 * <p>{@code --mapper-first} creates a Jackson {@code ObjectMapper} before the clock starts, as a
 * scan does anyway (index pages, reports), so that its one-off initialisation is not counted.
 *
 * <p>Besides wall times it prints the main thread's CPU time, which a loaded machine disturbs less
 * (the JIT compiler threads are not in it).
 *
 * <p>The names are found with a regular expression on the resource before the clock starts, so the
 * timed part touches nothing but the database.
 */
public final class CompatDbLoadTiming {
  private CompatDbLoadTiming() {}

  public static void main(String[] args) throws Exception {
    int count = 300;
    boolean mapperFirst = false;
    for (String a : args) {
      if (a.equals("--mapper-first")) {
        mapperFirst = true;
      } else {
        count = Integer.parseInt(a);
      }
    }
    List<PackageName> names = names(count);
    if (mapperFirst) {
      new ObjectMapper().readTree("{}");
    }
    ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    long cpuStart = threads.getCurrentThreadCpuTime();
    long start = System.nanoTime();
    CompatDatabase db = CompatDatabase.load();
    long loaded = System.nanoTime();
    int found = 0;
    for (PackageName n : names) {
      if (db.entry(n).isPresent()
          && db.lookup(n, CompatTarget.CP313T, Optional.of(PlatformKey.LINUX_X86_64)).isPresent()) {
        found++;
      }
    }
    long end = System.nanoTime();
    long cpu = threads.getCurrentThreadCpuTime() - cpuStart;
    System.out.printf(
        "load %.1f ms, %d lookups %.1f ms, total %.1f ms, main thread CPU %.1f ms (%d found)%n",
        (loaded - start) / 1e6,
        names.size(),
        (end - loaded) / 1e6,
        (end - start) / 1e6,
        cpu / 1e6,
        found);
  }

  private static List<PackageName> names(int count) throws Exception {
    String text;
    try (InputStream in = CompatDbLoadTiming.class.getResourceAsStream(CompatDatabase.RESOURCE)) {
      text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
    // The writer indents a package's key by four spaces (the bundled file is the writer's output).
    Matcher m = Pattern.compile("(?m)^    \"([a-z0-9.-]+)\" : \\{").matcher(text);
    List<PackageName> all = new ArrayList<>();
    while (m.find()) {
      all.add(PackageName.of(m.group(1)));
    }
    List<PackageName> out = new ArrayList<>();
    for (int i = 0; i < all.size() && out.size() < count; i += 2) {
      out.add(all.get(i));
    }
    for (int i = 1; i < all.size() && out.size() < count; i += 2) {
      out.add(all.get(i));
    }
    return out;
  }
}
