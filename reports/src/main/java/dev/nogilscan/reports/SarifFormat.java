package dev.nogilscan.reports;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Optional;

/**
 * SARIF 2.1.0 for code-scanning dashboards: one result per package that is not compatible, pointing
 * at the requirement's file and line (a dependency points at the input line that pulls it in).
 * Rules: {@code NOGIL-INCOMPATIBLE} (error), {@code NOGIL-GIL-REENABLED} (warning), {@code
 * NOGIL-UNKNOWN} and {@code NOGIL-SKIPPED} (note).
 */
public final class SarifFormat implements ReportFormat {
  private static final ObjectMapper JSON =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
  private static final List<Status> RULES =
      List.of(Status.INCOMPATIBLE, Status.GIL_REENABLED, Status.UNKNOWN, Status.SKIPPED);

  @Override
  public String name() {
    return "sarif";
  }

  @Override
  public List<String> extensions() {
    return List.of("sarif");
  }

  static String ruleId(Status s) {
    return "NOGIL-" + s.id().toUpperCase(java.util.Locale.ROOT);
  }

  static String level(Status s) {
    return switch (s) {
      case INCOMPATIBLE -> "error";
      case GIL_REENABLED -> "warning";
      default -> "note";
    };
  }

  @Override
  public String render(ScanReport report) {
    ObjectNode root = JSON.createObjectNode();
    root.put("$schema", "https://json.schemastore.org/sarif-2.1.0.json");
    root.put("version", "2.1.0");
    ObjectNode run = root.putArray("runs").addObject();
    ObjectNode driver = run.putObject("tool").putObject("driver");
    driver.put("name", "nogil-scan");
    driver.put("semanticVersion", report.tool().replaceFirst("^nogil-scan ", ""));
    driver.put("informationUri", "https://peps.python.org/pep-0703/");
    ArrayNode rules = driver.putArray("rules");
    for (Status s : RULES) {
      ObjectNode r = rules.addObject();
      r.put("id", ruleId(s));
      r.put("name", s.id());
      r.putObject("shortDescription").put("text", description(s));
      r.putObject("defaultConfiguration").put("level", level(s));
    }
    ArrayNode results = run.putArray("results");
    for (PackageReport p : report.packages()) {
      if (p.status() == Status.COMPATIBLE) {
        continue;
      }
      ObjectNode r = results.addObject();
      r.put("ruleId", ruleId(p.status()));
      r.put("ruleIndex", RULES.indexOf(p.status()));
      r.put("level", level(p.status()));
      String advice =
          p.remediation().isEmpty() ? "" : " Advice: " + p.remediation().get(0).text() + ".";
      String chain =
          p.direct() || p.chain().isEmpty()
              ? ""
              : " Required by " + String.join(" \u2190 ", p.chain()) + ".";
      r.putObject("message")
          .put(
              "text",
              p.label()
                  + " is "
                  + p.status().id()
                  + " on "
                  + report.target()
                  + ": "
                  + p.reason()
                  + "."
                  + chain
                  + advice);
      Optional<Origins.Location> where = Origins.of(p);
      if (where.isPresent()) {
        ObjectNode physical = r.putArray("locations").addObject().putObject("physicalLocation");
        physical.putObject("artifactLocation").put("uri", artifactUri(where.get().file()));
        if (where.get().line() > 0) {
          physical.putObject("region").put("startLine", where.get().line());
        }
      }
      r.putObject("partialFingerprints")
          .put("package/v1", p.name() + "@" + p.version().orElse("") + ":" + p.status().id());
      ObjectNode props = r.putObject("properties");
      props.put("package", p.name());
      props.put("version", p.version().orElse(null));
      props.put("direct", p.direct());
    }
    try {
      return JSON.writeValueAsString(root).replace("\r\n", "\n") + "\n";
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot render SARIF", e);
    }
  }

  /**
   * The file of an origin as the RFC 3986 URI reference SARIF requires ({@code
   * artifactLocation.uri}, §3.4.3): a relative path stays relative (code-scanning services resolve
   * it against the repository root), an absolute one becomes a {@code file:} URI; backslashes
   * become slashes and everything outside RFC 3986's unreserved characters is percent-encoded as
   * UTF-8, so spaces, {@code #}, {@code ?} or a {@code :} in a name cannot turn into a scheme,
   * fragment or query.
   */
  static String artifactUri(String file) {
    String path = file.replace('\\', '/');
    if (path.matches("[A-Za-z]:/.*")) {
      return "file:///" + path.substring(0, 2) + encode(path.substring(2));
    }
    if (path.startsWith("/")) {
      return "file://" + encode(path);
    }
    return encode(path);
  }

  private static String encode(String path) {
    StringBuilder out = new StringBuilder();
    for (byte b : path.getBytes(java.nio.charset.StandardCharsets.UTF_8)) {
      int c = b & 0xff;
      if ((c >= 'a' && c <= 'z')
          || (c >= 'A' && c <= 'Z')
          || (c >= '0' && c <= '9')
          || c == '-'
          || c == '.'
          || c == '_'
          || c == '~'
          || c == '/') {
        out.append((char) c);
      } else {
        out.append('%').append(String.format(java.util.Locale.ROOT, "%02X", c));
      }
    }
    return out.toString();
  }

  private static String description(Status s) {
    return switch (s) {
      case INCOMPATIBLE -> "Cannot be installed or imported on the free-threaded target";
      case GIL_REENABLED -> "Importing it re-enables the GIL on the free-threaded build";
      case UNKNOWN -> "Free-threading support could not be determined";
      default -> "Not assessed";
    };
  }
}
