package dev.nogilscan.interpreter.process;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Waits for processes that test fixtures started (and recorded by pid) to be gone, instead of
 * sleeping for a guessed time: returns as soon as each is dead or a zombie.
 */
public final class Pids {
  private Pids() {}

  /**
   * The pids written as decimal text, one per file, into the files of {@code dir}. A file that is
   * still empty (its writer was killed between creating and writing it) counts by the pid its name
   * ends with, {@code <prefix><pid>}, which was there from the moment it was created.
   */
  public static List<Long> readAll(Path dir, String prefix) throws IOException {
    List<Long> pids = new ArrayList<>();
    try (var files = Files.list(dir)) {
      for (Path f : files.filter(p -> p.getFileName().toString().startsWith(prefix)).toList()) {
        String text = Files.readString(f).strip();
        pids.add(
            Long.parseLong(
                text.isEmpty() ? f.getFileName().toString().substring(prefix.length()) : text));
      }
    }
    return pids;
  }

  /** The pids still running after waiting at most {@code bound} for all of them to end. */
  public static List<Long> survivors(List<Long> pids, Duration bound) throws InterruptedException {
    long deadline = System.nanoTime() + bound.toNanos();
    List<Long> alive = new ArrayList<>();
    for (long pid : pids) {
      long left = Math.max(0, deadline - System.nanoTime());
      if (!ended(pid, left)) {
        alive.add(pid);
      }
    }
    return alive;
  }

  private static boolean ended(long pid, long nanos) throws InterruptedException {
    if (!running(pid)) {
      return true;
    }
    // not our child, so no onExit from the handle of a reaped zombie: wait for its exit event
    CompletableFuture<ProcessHandle> exit =
        ProcessHandle.of(pid)
            .map(ProcessHandle::onExit)
            .orElse(CompletableFuture.completedFuture(null));
    try {
      exit.get(nanos, TimeUnit.NANOSECONDS);
      return true;
    } catch (TimeoutException e) {
      return !running(pid);
    } catch (ExecutionException e) {
      return !running(pid);
    }
  }

  /** Alive and not a zombie (a killed orphan may wait a moment for init to reap it). */
  private static boolean running(long pid) {
    try {
      String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
      return stat.charAt(stat.lastIndexOf(')') + 2) != 'Z';
    } catch (NoSuchFileException e) {
      return false;
    } catch (IOException e) {
      return ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
    }
  }
}
