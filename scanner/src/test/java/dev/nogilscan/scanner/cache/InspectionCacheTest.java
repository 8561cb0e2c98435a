package dev.nogilscan.scanner.cache;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.nogilscan.scanner.archive.ArchiveException;
import dev.nogilscan.scanner.archive.ArchiveInspector;
import dev.nogilscan.scanner.archive.ArchiveLimits;
import dev.nogilscan.scanner.archive.ExtensionModule;
import dev.nogilscan.scanner.archive.Inspection;
import dev.nogilscan.scanner.archive.RecordCheck;
import dev.nogilscan.scanner.archive.WheelInspector;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.lang.reflect.RecordComponent;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class InspectionCacheTest {
  private static final String WHEEL = "demo-1.0-cp313-cp313t-manylinux_2_17_x86_64.whl";

  /** Every component set, none empty, so that a field the stored form forgets shows. */
  private static final Inspection RICH =
      new Inspection(
          WHEEL,
          "native",
          List.of(
              new ExtensionModule("demo/_core.cpython-313t-x86_64-linux-gnu.so", "cpython-313t")),
          List.of("C: src/core.c"),
          List.of("Py_MOD_GIL_NOT_USED in src/core.c"),
          List.of("demo", "demo_extra"),
          Optional.of("Metadata-Version: 2.1\nName: demo\nVersion: 1.0\n\u00e9\n"),
          7,
          List.of("a trap"),
          Optional.of(
              new RecordCheck(
                  true, List.of("u.py"), List.of("m.py"), List.of("h.py"), List.of("x.py: 1 b"))));

  @TempDir Path dir;

  /** An inspector that answers {@code answer} and counts how often it was asked. */
  private static final class Counting implements ArchiveInspector {
    final AtomicInteger calls = new AtomicInteger();
    final String settings;
    final Inspection answer;

    Counting(String settings, Inspection answer) {
      this.settings = settings;
      this.answer = answer;
    }

    @Override
    public boolean accepts(String filename) {
      return true;
    }

    @Override
    public Inspection inspect(Path archive, String filename) {
      calls.incrementAndGet();
      return answer;
    }

    @Override
    public String settings() {
      return settings;
    }
  }

  private ArchiveCache archives() {
    return new ArchiveCache(dir.resolve("archives"));
  }

  private InspectionCache inspections() {
    return new InspectionCache(dir.resolve("inspections"), archives());
  }

  private Path stored(byte[] content, String filename) throws IOException {
    String sha = sha256(content);
    return archives().store(new ByteArrayInputStream(content), sha, filename);
  }

  private List<Path> entries() throws IOException {
    Path root = dir.resolve("inspections");
    if (!Files.exists(root)) {
      return List.of();
    }
    try (Stream<Path> s = Files.walk(root)) {
      return s.filter(Files::isRegularFile).sorted().toList();
    }
  }

  @Test
  void aSecondInspectionOfTheSameArchiveDoesNotAskTheInspector() throws Exception {
    Path archive = stored("some bytes".getBytes(StandardCharsets.UTF_8), WHEEL);
    Counting inspector = new Counting("limits A", RICH);
    ArchiveInspector cached = inspections().cached(inspector);

    Inspection first = cached.inspect(archive, WHEEL);
    // another run: new objects, the same directory
    Inspection second = inspections().cached(inspector).inspect(archive, WHEEL);

    assertThat(inspector.calls).hasValue(1);
    assertThat(first).isEqualTo(RICH);
    assertThat(second).isEqualTo(RICH);
    assertThat(entries()).hasSize(1);
    assertThat(entries().get(0).toString()).contains(sha256("some bytes".getBytes()));
  }

  @Test
  void aRealWheelComesBackEqualFromTheCacheEvenWhenItsBytesAreGone() throws Exception {
    Path archive = stored(wheel(), WHEEL);
    ArchiveInspector real = new WheelInspector(ArchiveLimits.DEFAULT);
    Inspection direct = real.inspect(archive, WHEEL);
    assertThat(direct.record()).hasValueSatisfying(r -> assertThat(r.matches()).isTrue());
    inspections().cached(real).inspect(archive, WHEEL);

    // garbage in place of the wheel, stamped as if verified: only a hit can still answer
    Files.write(archive, new byte[] {1, 2, 3});
    stamp(archive, archive.getParent().getFileName().toString());
    assertThatThrownBy(() -> real.inspect(archive, WHEEL)).isInstanceOf(ArchiveException.class);

    assertThat(inspections().cached(real).inspect(archive, WHEEL)).isEqualTo(direct);
  }

  /** Writes the stamp {@link ArchiveCache} would write for the file as it is now. */
  private void stamp(Path archive, String sha) throws IOException {
    // find() hashes a file its stamp does not describe; a hasher that vouches for it re-stamps it
    new ArchiveCache(dir.resolve("archives"), f -> sha).find(sha, archive.getFileName().toString());
    assertThat(archives().verifiedHash(archive)).contains(sha);
  }

  @Test
  void aCorruptEntryIsIgnoredAndRewritten() throws Exception {
    Path archive = stored("some bytes".getBytes(StandardCharsets.UTF_8), WHEEL);
    Counting inspector = new Counting("limits A", RICH);
    inspections().cached(inspector).inspect(archive, WHEEL);
    Path entry = entries().get(0);
    byte[] good = Files.readAllBytes(entry);

    for (byte[] corrupt :
        List.of(
            Arrays.copyOf(good, good.length / 2), // truncated
            new byte[] {0, (byte) 0xff, 0x7f}, // not JSON
            "{\"key\":{},\"inspection\":{}}".getBytes(StandardCharsets.UTF_8),
            new String(good, StandardCharsets.UTF_8)
                .replace("\"entries\":7", "\"entries\":\"7\"")
                .getBytes(StandardCharsets.UTF_8))) {
      Files.write(entry, corrupt);
      int before = inspector.calls.get();

      assertThat(inspections().cached(inspector).inspect(archive, WHEEL)).isEqualTo(RICH);
      assertThat(inspector.calls).hasValue(before + 1);
      assertThat(entry).hasBinaryContent(good);
    }
    assertThat(entries()).containsExactly(entry);
  }

  @Test
  void anEntryOfAnotherVersionIsNotUsed() throws Exception {
    Path archive = stored("some bytes".getBytes(StandardCharsets.UTF_8), WHEEL);
    Counting inspector = new Counting("limits A", RICH);
    inspections().cached(inspector).inspect(archive, WHEEL);
    Path entry = entries().get(0);
    ObjectNode node = (ObjectNode) new ObjectMapper().readTree(entry.toFile());
    ((ObjectNode) node.get("key")).put("version", "0");
    Files.write(entry, new ObjectMapper().writeValueAsBytes(node));

    inspections().cached(inspector).inspect(archive, WHEEL);

    assertThat(inspector.calls).hasValue(2);
  }

  @Test
  void otherSettingsOrAnotherFileNameMiss() throws Exception {
    byte[] bytes = "some bytes".getBytes(StandardCharsets.UTF_8);
    Path archive = stored(bytes, WHEEL);
    Counting a = new Counting("limits A", RICH);
    Counting b = new Counting("limits B", RICH);
    inspections().cached(a).inspect(archive, WHEEL);

    inspections().cached(b).inspect(archive, WHEEL);
    assertThat(b.calls).hasValue(1);

    String other = "demo-1.0-py3-none-any.whl"; // same bytes under another name: other tags
    Path renamed = stored(bytes, other);
    inspections().cached(a).inspect(renamed, other);
    assertThat(a.calls).hasValue(2);
    assertThat(entries()).hasSize(3);

    // and each is still a hit for its own key
    inspections().cached(a).inspect(archive, WHEEL);
    inspections().cached(b).inspect(archive, WHEEL);
    assertThat(a.calls).hasValue(2);
    assertThat(b.calls).hasValue(1);
  }

  @Test
  void realLimitsAreInTheKey() throws Exception {
    Path archive = stored(wheel(), WHEEL);
    ArchiveLimits tight = new ArchiveLimits(2, 1 << 20, 10, 1 << 10);
    inspections().cached(new WheelInspector(ArchiveLimits.DEFAULT)).inspect(archive, WHEEL);

    // the default limits' entry must not answer for tighter ones, which refuse this wheel
    assertThatThrownBy(
            () -> inspections().cached(new WheelInspector(tight)).inspect(archive, WHEEL))
        .isInstanceOf(ArchiveException.class)
        .hasMessageContaining("entries");
    assertThat(entries()).hasSize(1);
  }

  @Test
  void aChangedArchiveIsInspectedAgainNotAnsweredFromItsOldEntry() throws Exception {
    Path archive = stored("some bytes".getBytes(StandardCharsets.UTF_8), WHEEL);
    Counting inspector = new Counting("limits A", RICH);
    inspections().cached(inspector).inspect(archive, WHEEL);
    Files.setLastModifiedTime(archive, FileTime.from(Instant.parse("2020-01-01T00:00:00Z")));

    inspections().cached(inspector).inspect(archive, WHEEL);

    assertThat(inspector.calls).hasValue(2);
  }

  @Test
  void archivesOutsideTheCacheAndRefusedArchivesAreNotKept() throws Exception {
    Path loose = dir.resolve(WHEEL);
    Files.write(loose, "some bytes".getBytes(StandardCharsets.UTF_8));
    Counting inspector = new Counting("limits A", RICH);
    inspections().cached(inspector).inspect(loose, WHEEL);
    inspections().cached(inspector).inspect(loose, WHEEL);
    assertThat(inspector.calls).hasValue(2);

    Path archive = stored("other bytes".getBytes(StandardCharsets.UTF_8), WHEEL);
    AtomicInteger refusals = new AtomicInteger();
    ArchiveInspector refusing =
        new ArchiveInspector() {
          @Override
          public boolean accepts(String filename) {
            return true;
          }

          @Override
          public Inspection inspect(Path a, String filename) throws ArchiveException {
            refusals.incrementAndGet();
            throw new ArchiveException(filename + ": too many entries");
          }

          @Override
          public String settings() {
            return "";
          }
        };
    for (int i = 0; i < 2; i++) {
      assertThatThrownBy(() -> inspections().cached(refusing).inspect(archive, WHEEL))
          .hasMessage(WHEEL + ": too many entries");
    }
    assertThat(refusals).hasValue(2);
    assertThat(entries()).isEmpty();
  }

  @Test
  void theStoredFormHasEveryComponentAndIsDeterministic() throws Exception {
    ObjectNode json = InspectionCache.toJson(RICH);
    List<String> fields = new ArrayList<>();
    json.fieldNames().forEachRemaining(fields::add);

    assertThat(fields)
        .containsExactlyElementsOf(
            Arrays.stream(Inspection.class.getRecordComponents())
                .map(RecordComponent::getName)
                .toList());
    assertThat(InspectionCache.fromJson(json)).isEqualTo(RICH);
    Inspection bare =
        new Inspection(
            WHEEL, "pure", List.of(), List.of(), List.of(), List.of(), Optional.empty(), 0);
    assertThat(InspectionCache.fromJson(InspectionCache.toJson(bare))).isEqualTo(bare);

    // two writes of one result give the same bytes
    Path archive = stored("some bytes".getBytes(StandardCharsets.UTF_8), WHEEL);
    Counting inspector = new Counting("limits A", RICH);
    inspections().cached(inspector).inspect(archive, WHEEL);
    byte[] first = Files.readAllBytes(entries().get(0));
    Files.delete(entries().get(0));
    inspections().cached(inspector).inspect(archive, WHEEL);
    assertThat(entries().get(0)).hasBinaryContent(first);
  }

  /** A small correct wheel: a module, METADATA, WHEEL and a RECORD with every hash. */
  private static byte[] wheel() throws Exception {
    String info = "demo-1.0.dist-info/";
    Map<String, String> members = new LinkedHashMap<>();
    members.put("demo/__init__.py", "X = 1\n");
    members.put("demo/_core.cpython-313t-x86_64-linux-gnu.so", "\u007fELF");
    members.put(info + "METADATA", "Metadata-Version: 2.1\nName: demo\nVersion: 1.0\n");
    members.put(info + "WHEEL", "Wheel-Version: 1.0\nRoot-Is-Purelib: false\n");
    StringBuilder record = new StringBuilder();
    for (Map.Entry<String, String> m : members.entrySet()) {
      byte[] content = m.getValue().getBytes(StandardCharsets.UTF_8);
      String digest =
          Base64.getUrlEncoder()
              .withoutPadding()
              .encodeToString(MessageDigest.getInstance("SHA-256").digest(content));
      record.append(m.getKey()).append(",sha256=").append(digest).append(',');
      record.append(content.length).append('\n');
    }
    members.put(info + "RECORD", record + info + "RECORD,,\n");
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
      for (Map.Entry<String, String> m : members.entrySet()) {
        zip.putNextEntry(new ZipEntry(m.getKey()));
        zip.write(m.getValue().getBytes(StandardCharsets.UTF_8));
        zip.closeEntry();
      }
    }
    return bytes.toByteArray();
  }

  private static String sha256(byte[] content) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content));
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
