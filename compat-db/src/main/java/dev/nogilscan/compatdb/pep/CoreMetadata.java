package dev.nogilscan.compatdb.pep;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Core metadata of a distribution (the {@code METADATA} file of a wheel, {@code PKG-INFO} of a
 * sdist; PEP 241/314/345/566/643, "Core metadata specifications"), read with the email-header rules
 * of Python's {@code email} parser in {@code compat32} mode: {@code Field: value} lines up to the
 * first empty line, continuation lines starting with a space or tab, case-insensitive field names,
 * repeated fields, and the rest of the file as the description (PEP 566). Immutable and
 * thread-safe.
 *
 * @param metadataVersion {@code Metadata-Version}, empty if absent
 * @param name {@code Name}, normalised
 * @param version {@code Version}
 * @param requiresDist the valid {@code Requires-Dist} entries, in file order
 * @param invalid entries of known fields that could not be parsed (never fatal)
 * @param requiresPython {@code Requires-Python}; empty set if absent or invalid
 * @param providesExtra {@code Provides-Extra}, normalised (PEP 685), in file order
 * @param classifiers {@code Classifier}, in file order
 * @param fields every field by its lower-case name, in file order, each value as Python's email
 *     parser gives it (text after the colon and its leading blanks; continuation lines kept with
 *     their line breaks; the final line break removed), which is pypa/packaging's raw value
 * @param description the body when it is not empty, else the {@code Description} field with the
 *     metadata 1.x continuation prefix ({@code 8 spaces and '|'}) removed
 */
public record CoreMetadata(
    String metadataVersion,
    PackageName name,
    Version version,
    List<Requirement> requiresDist,
    List<InvalidField> invalid,
    SpecifierSet requiresPython,
    List<String> providesExtra,
    List<String> classifiers,
    Map<String, List<String>> fields,
    String description) {

  /**
   * A field value that did not parse.
   *
   * @param field the field name as in the specification, e.g. {@code Requires-Dist}
   * @param value the raw value
   * @param reason the parser's message
   */
  public record InvalidField(String field, String value, String reason) {}

  public CoreMetadata {
    requiresDist = List.copyOf(requiresDist);
    invalid = List.copyOf(invalid);
    providesExtra = List.copyOf(providesExtra);
    classifiers = List.copyOf(classifiers);
    Map<String, List<String>> copy = new LinkedHashMap<>();
    fields.forEach((k, v) -> copy.put(k, List.copyOf(v)));
    fields = Collections.unmodifiableMap(copy);
  }

  /**
   * Parses METADATA / PKG-INFO text ({@code \n} or {@code \r\n} line endings).
   *
   * @throws PepSyntaxException if {@code Name} or {@code Version} is missing (the input is then the
   *     whole text) or invalid (the input is then the field line {@code "Name: value"}); problems
   *     with other fields go to {@link #invalid()}
   */
  public static CoreMetadata parse(String text) {
    Map<String, List<String>> fields = new LinkedHashMap<>();
    // Python's email.feedparser (compat32): header lines up to an empty line; a line that is
    // neither "name:", nor a continuation (space/tab), nor "From " starts the body instead.
    int pos = 0;
    int n = text.length();
    String currentName = null;
    StringBuilder current = null;
    int bodyStart = n;
    while (pos < n) {
      int eol = pos;
      while (eol < n && text.charAt(eol) != '\n' && text.charAt(eol) != '\r') {
        eol++;
      }
      int next = eol;
      if (next < n && text.charAt(next) == '\r') {
        next++;
      }
      if (next < n && text.charAt(next) == '\n' && (next == eol || text.charAt(eol) == '\r')) {
        next++;
      }
      if (eol == pos) {
        bodyStart = next; // the empty line separating headers from body
        break;
      }
      char c = text.charAt(pos);
      if (c == ' ' || c == '\t') {
        if (current != null) {
          // continuation: the previous line's ending and this line are kept, as Python does
          current.append(text, pos, eol);
        }
        if (current != null && next > eol) {
          current.append(text, eol, next);
        }
        pos = next;
        continue;
      }
      if (text.startsWith("From ", pos)) {
        pos = next;
        continue;
      }
      int colon = fieldNameEnd(text, pos, eol);
      if (colon <= pos) {
        bodyStart = pos; // not a header: Python starts the body here (missing blank line)
        break;
      }
      flush(fields, currentName, current);
      currentName = text.substring(pos, colon).toLowerCase(Locale.ROOT);
      int v = colon + 1;
      while (v < eol && (text.charAt(v) == ' ' || text.charAt(v) == '\t')) {
        v++;
      }
      current = new StringBuilder(text.substring(v, eol));
      if (next > eol) {
        current.append(text, eol, next);
      }
      pos = next;
    }
    flush(fields, currentName, current);
    String body = bodyStart < n ? text.substring(bodyStart) : "";
    String description =
        !body.isEmpty()
            ? body
            : first(fields, "description").map(CoreMetadata::dedentDescription).orElse("");

    String nameText = first(fields, "name").map(CoreMetadata::unfold).orElse(null);
    if (nameText == null) {
      throw new PepSyntaxException("a 'Name:' field in the core metadata", text, 0);
    }
    PackageName name;
    try {
      name = PackageName.of(nameText.strip());
    } catch (PepSyntaxException e) {
      throw fieldError("Name", nameText.strip(), e);
    }
    String versionText = first(fields, "version").map(CoreMetadata::unfold).orElse(null);
    if (versionText == null) {
      throw new PepSyntaxException("a 'Version:' field in the core metadata", text, 0);
    }
    Version version;
    try {
      version = Version.parse(versionText);
    } catch (PepSyntaxException e) {
      throw fieldError("Version", versionText, e);
    }

    List<InvalidField> invalid = new ArrayList<>();
    List<Requirement> requires = new ArrayList<>();
    for (String raw : fields.getOrDefault("requires-dist", List.of())) {
      String v = unfold(raw);
      try {
        requires.add(Requirement.parse(v));
      } catch (PepSyntaxException e) {
        invalid.add(new InvalidField("Requires-Dist", v, e.getMessage()));
      }
    }
    SpecifierSet requiresPython = SpecifierSet.any();
    Optional<String> rp = first(fields, "requires-python").map(CoreMetadata::unfold);
    if (rp.isPresent()) {
      try {
        requiresPython = SpecifierSet.parse(rp.get());
      } catch (PepSyntaxException e) {
        invalid.add(new InvalidField("Requires-Python", rp.get(), e.getMessage()));
      }
    }
    List<String> extras = new ArrayList<>();
    for (String raw : fields.getOrDefault("provides-extra", List.of())) {
      String v = unfold(raw).strip();
      if (PackageName.tryParse(v).isPresent()) {
        extras.add(PackageName.normalize(v));
      } else {
        invalid.add(new InvalidField("Provides-Extra", v, "not a valid extra name"));
      }
    }
    List<String> classifiers = new ArrayList<>();
    for (String raw : fields.getOrDefault("classifier", List.of())) {
      classifiers.add(unfold(raw).strip());
    }
    return new CoreMetadata(
        first(fields, "metadata-version").map(CoreMetadata::unfold).orElse(""),
        name,
        version,
        requires,
        invalid,
        requiresPython,
        extras,
        classifiers,
        fields,
        description);
  }

  /** Re-points an error in a field value at the field line {@code "Field: value"}. */
  private static PepSyntaxException fieldError(String field, String value, PepSyntaxException e) {
    return new PepSyntaxException(
        e.expected() + " in the " + field + " field",
        field + ": " + value,
        field.length() + 2 + e.position());
  }

  /** Every raw value of {@code field} (case-insensitive), in file order (see {@link #fields()}). */
  public List<String> get(String field) {
    return fields.getOrDefault(field.toLowerCase(Locale.ROOT), List.of());
  }

  /**
   * The {@code Programming Language :: Python :: Free Threading} classifiers (declared intent, not
   * proof).
   */
  public List<String> freeThreadingClassifiers() {
    List<String> out = new ArrayList<>();
    for (String c : classifiers) {
      if (c.startsWith("Programming Language :: Python :: Free Threading")) {
        out.add(c);
      }
    }
    return out;
  }

  private static void flush(Map<String, List<String>> fields, String name, StringBuilder value) {
    if (name != null) {
      int end = value.length();
      while (end > 0 && (value.charAt(end - 1) == '\n' || value.charAt(end - 1) == '\r')) {
        end--;
      }
      fields.computeIfAbsent(name, k -> new ArrayList<>()).add(value.substring(0, end));
    }
  }

  /** The index of the ':' ending a field name starting at {@code from}, or -1. */
  private static int fieldNameEnd(String s, int from, int to) {
    for (int k = from; k < to; k++) {
      char c = s.charAt(k);
      if (c == ':') {
        return k;
      }
      // RFC 5322 ftext: printable ASCII except ':'
      if (c < 33 || c > 126) {
        return -1;
      }
    }
    return -1;
  }

  private static Optional<String> first(Map<String, List<String>> fields, String name) {
    List<String> v = fields.get(name);
    return v == null || v.isEmpty() ? Optional.empty() : Optional.of(v.get(0));
  }

  /** RFC 5322 unfolding: remove the line breaks of continuation lines, keep their whitespace. */
  private static String unfold(String v) {
    return v.replace("\r\n", "").replace("\n", "").replace("\r", "");
  }

  /** Metadata 1.x "Description" continuation lines are indented by 8 spaces and a '|'. */
  private static String dedentDescription(String v) {
    String[] ls = v.split("\n", -1);
    StringBuilder sb = new StringBuilder(ls[0]);
    for (int k = 1; k < ls.length; k++) {
      String l = ls[k];
      if (l.startsWith("        |")) {
        l = l.substring(9);
      } else {
        l = l.stripLeading();
      }
      sb.append('\n').append(l);
    }
    return sb.toString();
  }
}
