package dev.nogilscan.scanner.cli;

import dev.nogilscan.scanner.cache.CacheDirectory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code nogil-scan cache info|clean}. */
@Command(
    name = "cache",
    mixinStandardHelpOptions = true,
    description = "Show or clean the cache directory.")
final class CacheCommand implements Callable<Integer> {
  private final Context context;

  @Parameters(index = "0", paramLabel = "ACTION", description = "info or clean")
  String action;

  @Option(names = "--cache-dir", paramLabel = "DIR", description = "Cache directory.")
  Path cacheDir;

  @Option(
      names = "--all",
      description = "With clean: also remove provisioned interpreters and CPython sources.")
  boolean all;

  CacheCommand(Context context) {
    this.context = context;
  }

  @Override
  public Integer call() {
    CacheDirectory cache =
        CacheDirectory.resolve(
            Optional.ofNullable(cacheDir), context.environment(), context.home());
    switch (action) {
      case "info" -> {
        context.out().println("cache directory: " + cache.root());
        for (String part :
            List.of("archives", "http", "inspections", "pages", "python", "sources", "work")) {
          Path p = cache.root().resolve(part);
          context.out().printf("  %-11s %,15d bytes%n", part, size(p));
        }
      }
      case "clean" -> {
        List<String> parts =
            all
                ? List.of("archives", "http", "inspections", "pages", "work", "python", "sources")
                : List.of("archives", "http", "inspections", "pages", "work");
        for (String part : parts) {
          delete(cache.root().resolve(part));
        }
        context
            .out()
            .println(
                "removed "
                    + String.join(", ", parts)
                    + " from "
                    + cache.root()
                    + (all ? "" : " (provisioned interpreters kept; --all removes them)"));
      }
      default ->
          throw new picocli.CommandLine.ParameterException(
              new picocli.CommandLine(this),
              "ACTION: expected 'info' or 'clean' but found '" + action + "'");
    }
    return ExitCode.OK.code();
  }

  private static long size(Path p) {
    if (!Files.exists(p)) {
      return 0;
    }
    try (Stream<Path> walk = Files.walk(p)) {
      return walk.filter(Files::isRegularFile).mapToLong(f -> f.toFile().length()).sum();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + p, e);
    }
  }

  private static void delete(Path p) {
    if (!Files.exists(p)) {
      return;
    }
    try (Stream<Path> walk = Files.walk(p)) {
      for (Path f : walk.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(f);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot remove " + p, e);
    }
  }
}
