package dev.nogilscan.bench;

import dev.nogilscan.compatdb.pep.TargetEnvironment;
import dev.nogilscan.compatdb.pep.WheelFilename;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Wheel tag selection, the step that runs once per release the resolver looks at: parsing wheel
 * file names (with compressed tag sets) and picking the best one for a free-threaded target from
 * a release's files, shaped like a numpy-sized release (every CPython, ABI and platform).
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
@State(Scope.Thread)
public class TagBenchmark {
  static final String[] PLATFORMS = {
    "manylinux_2_17_x86_64.manylinux2014_x86_64",
    "manylinux_2_17_aarch64.manylinux2014_aarch64",
    "musllinux_1_2_x86_64",
    "macosx_11_0_arm64",
    "macosx_10_13_x86_64",
    "win_amd64",
    "win32"
  };

  /** A release with 40+ wheels: cp310..cp314 and their t ABIs on every platform. */
  List<String> releaseNames;

  List<WheelFilename> release;
  TargetEnvironment target;
  int i;

  @Setup
  public void setUp() {
    releaseNames = new ArrayList<>();
    for (String py : new String[] {"310", "311", "312", "313", "314"}) {
      for (String platform : PLATFORMS) {
        releaseNames.add("numpy-2.3.1-cp" + py + "-cp" + py + "-" + platform + ".whl");
        if (py.compareTo("313") >= 0) {
          releaseNames.add("numpy-2.3.1-cp" + py + "-cp" + py + "t-" + platform + ".whl");
        }
      }
    }
    release = releaseNames.stream().map(WheelFilename::parse).toList();
    target = TargetEnvironment.parse("3.14t/manylinux_2_36_x86_64");
  }

  @Benchmark
  public WheelFilename parseWheelFilename() {
    return WheelFilename.parse(releaseNames.get(i++ % releaseNames.size()));
  }

  @Benchmark
  public Optional<WheelFilename> bestWheelOfRelease() {
    return target.bestWheel(release);
  }

  @Benchmark
  public Optional<WheelFilename> parseAndPickRelease() {
    return target.bestWheel(releaseNames.stream().map(WheelFilename::parse).toList());
  }
}
