package dev.nogilscan.bench;

import dev.nogilscan.compatdb.pep.Marker;
import dev.nogilscan.compatdb.pep.MarkerEnvironment;
import dev.nogilscan.compatdb.pep.Requirement;
import dev.nogilscan.compatdb.pep.SpecifierSet;
import dev.nogilscan.compatdb.pep.TargetEnvironment;
import dev.nogilscan.compatdb.pep.Version;
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
 * Throughput of the operations a scan repeats per package and per file: parsing versions,
 * comparing them, checking specifier sets, parsing requirements and evaluating markers. Each
 * operation cycles through a fixed mix of realistic inputs.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
@State(Scope.Thread)
public class PepBenchmark {
  static final String[] VERSIONS = {
    "1.0", "2.3.1", "1.26.4", "2024.10.15", "0.9.8rc1", "3.0.0a4", "1.0.post1", "4.2.0.dev20240101",
    "1!2.0", "1.2.3+ubuntu.1", "v2.0", "10.4.0", "0.0.1", "5.0b2", "25.1", "2.31.0"
  };
  static final String[] SETS = {
    ">=1.0,<2", "~=2.3", "==1.26.*", "!=1.5,>=1.0", ">=3.9", "<3.0a1,>0.9", "==2.31.0", ""
  };

  Version[] versions;
  SpecifierSet[] sets;
  Marker marker;
  MarkerEnvironment env;
  int i;

  @Setup
  public void setUp() {
    versions = new Version[VERSIONS.length];
    for (int k = 0; k < VERSIONS.length; k++) {
      versions[k] = Version.parse(VERSIONS[k]);
    }
    sets = new SpecifierSet[SETS.length];
    for (int k = 0; k < SETS.length; k++) {
      sets[k] = SpecifierSet.parse(SETS[k]);
    }
    marker =
        Marker.parse(
            "python_version >= '3.9' and (sys_platform == 'linux' or platform_machine == 'arm64')");
    env = TargetEnvironment.parse("3.14t/manylinux_2_36_x86_64").markerEnvironment();
  }

  @Benchmark
  public Version parseVersion() {
    return Version.parse(VERSIONS[i++ & 15]);
  }

  @Benchmark
  public int compareVersions() {
    int k = i++;
    return versions[k & 15].compareTo(versions[(k * 7 + 3) & 15]);
  }

  @Benchmark
  public boolean specifierSetContains() {
    int k = i++;
    return sets[k & 7].contains(versions[(k >>> 3) & 15]);
  }

  @Benchmark
  public SpecifierSet parseSpecifierSet() {
    return SpecifierSet.parse(SETS[i++ & 7]);
  }

  @Benchmark
  public Requirement parseRequirement() {
    return Requirement.parse("requests[socks] >=2.31.0, <3 ; python_version >= '3.8'");
  }

  @Benchmark
  public boolean evaluateMarker() {
    return marker.evaluate(env);
  }
}
