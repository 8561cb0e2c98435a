package dev.nogilscan.scanner.archive;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.apache.commons.compress.archivers.ArchiveEntry;
import org.apache.commons.compress.archivers.ArchiveInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.archivers.zip.ZipArchiveInputStream;
import org.apache.commons.compress.compressors.bzip2.BZip2CompressorInputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorInputStream;
import org.apache.commons.compress.compressors.xz.XZCompressorInputStream;

/**
 * Reads a source distribution by streaming it once: finds compiled-language sources, source-level
 * free-threading declarations and {@code PKG-INFO}. Never builds it, never runs {@code setup.py},
 * never extracts it. Thread safe (stateless).
 */
public final class SdistInspector implements ArchiveInspector {
  private static final int SCAN_BYTES = 1 << 20;
  private static final int XZ_MEMORY_KIB = 96 * 1024;
  private final ArchiveLimits limits;

  public SdistInspector(ArchiveLimits limits) {
    this.limits = limits;
  }

  @Override
  public String settings() {
    return limits.settings();
  }

  @Override
  public boolean accepts(String filename) {
    return filename.endsWith(".tar.gz")
        || filename.endsWith(".tgz")
        || filename.endsWith(".tar.bz2")
        || filename.endsWith(".tar.xz")
        || filename.endsWith(".zip");
  }

  @Override
  public Inspection inspect(Path archive, String filename) throws ArchiveException {
    try (CountingInputStream raw =
            new CountingInputStream(new BufferedInputStream(open(archive, filename)));
        ArchiveInputStream<?> in = open(raw, filename)) {
      // every byte of member data is read through the guard: a zip reader's own skipping of
      // unread data would decompress outside any limit
      InputStream data =
          in instanceof ZipArchiveInputStream
              ? new InflationGuard(in, raw::count, limits, filename)
              : in;
      List<String> files = new ArrayList<>();
      TreeSet<String> sources = new TreeSet<>();
      List<String> hints = new ArrayList<>();
      Optional<String> pkgInfo = Optional.empty();
      Set<String> seen = new HashSet<>();
      long total = 0;
      int count = 0;
      // a zip written as a stream gives an entry's size only after its data (a data descriptor):
      // it is counted once the next entry has been reached
      ArchiveEntry unsized = null;
      ArchiveEntry entry;
      while ((entry = in.getNextEntry()) != null) {
        if (unsized != null) {
          total = addSize(total, unsized.getSize(), filename);
          unsized = null;
        }
        if (++count > limits.maxEntries()) {
          throw new ArchiveException(filename + ": more than " + limits.maxEntries() + " entries");
        }
        String name = EntryNames.check(filename, entry.getName());
        if (entry instanceof TarArchiveEntry tar && (tar.isSymbolicLink() || tar.isLink())) {
          // A link is never followed; in an sdist it is only noted, as it is never extracted.
          continue;
        }
        if (entry.isDirectory()) {
          continue;
        }
        // A name twice is legal in a tar (pyarrow 26.0.1's sdist has one): extracting it, the later
        // member wins. An sdist is never extracted here, so it is read as extraction would leave
        // it.
        boolean again = !seen.add(name);
        if (entry.getSize() < 0) {
          unsized = entry;
        } else {
          total = addSize(total, entry.getSize(), filename);
        }
        String inner = name.indexOf('/') >= 0 ? name.substring(name.indexOf('/') + 1) : name;
        if (!again) {
          files.add(inner);
        }
        Optional<String> language = Members.sourceLanguage(inner);
        language.ifPresent(l -> sources.add(l + ": " + inner));
        if (inner.equals("PKG-INFO")) {
          pkgInfo = Optional.of(readText(data, filename, name));
        } else if (!again
            && Members.mayDeclareFreeThreading(inner)
            && entry.getSize() <= SCAN_BYTES) {
          hints.addAll(Members.hints(inner, readText(data, filename, name)));
        }
        data.transferTo(OutputStream.nullOutputStream());
      }
      if (unsized != null) {
        addSize(total, unsized.getSize(), filename);
      }
      if (count == 0) {
        throw new ArchiveException(filename + ": empty archive");
      }
      return new Inspection(
          filename,
          sources.isEmpty() ? "pure" : "native",
          List.of(),
          List.copyOf(sources),
          hints,
          Members.importNames(stripSrc(files)),
          pkgInfo,
          count);
    } catch (IOException | RuntimeException e) {
      for (Throwable t = e; t != null; t = t.getCause()) {
        if (t instanceof InflationGuard.Refused refused) {
          throw refused.archiveException();
        }
      }
      throw new ArchiveException(filename + ": unreadable sdist: " + e.getMessage(), e);
    }
  }

  private static InputStream open(Path archive, String filename) throws ArchiveException {
    try {
      return Files.newInputStream(archive);
    } catch (IOException e) {
      throw new ArchiveException(filename + ": cannot open: " + e.getMessage(), e);
    }
  }

  private long addSize(long total, long size, String filename) throws ArchiveException {
    long sum = total + Math.max(0, size);
    if (sum > limits.maxTotalBytes()) {
      throw new ArchiveException(
          filename + ": more than " + limits.maxTotalBytes() + " bytes uncompressed");
    }
    return sum;
  }

  private static List<String> stripSrc(List<String> files) {
    // the src-layout: src/pkg/__init__.py installs as pkg
    List<String> out = new ArrayList<>();
    for (String f : files) {
      if (f.startsWith("tests/") || f.startsWith("docs/") || f.equals("setup.py")) {
        continue;
      }
      out.add(f.startsWith("src/") ? f.substring(4) : f);
    }
    return out;
  }

  private String readText(InputStream in, String filename, String name)
      throws IOException, ArchiveException {
    byte[] bytes = in.readNBytes(limits.maxMemberBytes() + 1);
    if (bytes.length > limits.maxMemberBytes()) {
      throw new ArchiveException(
          filename + ": " + name + " is larger than " + limits.maxMemberBytes() + " bytes");
    }
    return new String(bytes, StandardCharsets.UTF_8);
  }

  private ArchiveInputStream<?> open(CountingInputStream raw, String filename) throws IOException {
    if (filename.endsWith(".zip")) {
      return new ZipArchiveInputStream(raw);
    }
    InputStream decompressed;
    if (filename.endsWith(".tar.gz") || filename.endsWith(".tgz")) {
      decompressed = new GzipCompressorInputStream(raw);
    } else if (filename.endsWith(".tar.bz2")) {
      decompressed = new BZip2CompressorInputStream(raw);
    } else {
      // a hostile xz header may ask for a dictionary of gigabytes: refuse beyond what xz -9 uses
      decompressed = new XZCompressorInputStream(raw, false, XZ_MEMORY_KIB);
    }
    // headers, padding and skipped data all pass through the guard
    return new TarArchiveInputStream(
        new InflationGuard(decompressed, raw::count, limits, filename));
  }
}
