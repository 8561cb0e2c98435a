package dev.nogilscan.scanner.index;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Index credentials from the {@value #VARIABLE} environment variable, for CI systems that hand
 * secrets over as variables: entries {@code HOST=USER:PASSWORD} separated by whitespace, e.g.
 * {@code pypi.corp.example=ci:s3cret}. The user and password are percent-decoded as in a URL, so
 * {@code %3A}, {@code %40} or {@code %20} write a colon, an at sign or a space. Each login is sent
 * to its host only.
 */
public final class EnvironmentCredentials implements IndexCredentials {
  public static final String VARIABLE = "NOGIL_SCAN_INDEX_CREDENTIALS";

  private final Map<String, Login> hosts;

  private EnvironmentCredentials(Map<String, Login> hosts) {
    this.hosts = Map.copyOf(hosts);
  }

  /**
   * The credentials the environment names, none when the variable is unset or blank.
   *
   * @throws IllegalArgumentException when an entry is malformed; the message names the entry by its
   *     position and host, never its secret
   */
  public static EnvironmentCredentials from(Map<String, String> environment) {
    return parse(environment.getOrDefault(VARIABLE, ""));
  }

  static EnvironmentCredentials parse(String value) {
    Map<String, Login> hosts = new LinkedHashMap<>();
    String trimmed = value.strip();
    if (trimmed.isEmpty()) {
      return new EnvironmentCredentials(hosts);
    }
    String[] entries = trimmed.split("\\s+");
    for (int i = 0; i < entries.length; i++) {
      String entry = entries[i];
      int eq = entry.indexOf('=');
      int colon = eq < 0 ? -1 : entry.indexOf(':', eq);
      String where = VARIABLE + ": entry " + (i + 1);
      if (eq <= 0 || colon < 0) {
        throw new IllegalArgumentException(
            where
                + (eq > 0 ? " (host " + entry.substring(0, eq) + ")" : "")
                + ": expected HOST=USER:PASSWORD");
      }
      String host = entry.substring(0, eq).toLowerCase(Locale.ROOT);
      if (host.contains("/") || host.contains("@") || host.matches("[^:]*:\\d*")) {
        throw new IllegalArgumentException(
            where + ": expected a host name before '=' (no scheme, port, path or user)");
      }
      String user = entry.substring(eq + 1, colon);
      if (user.isEmpty()) {
        throw new IllegalArgumentException(
            where + " (host " + host + "): expected a user name before ':'");
      }
      Login login =
          new Login(decode(user, where, host), decode(entry.substring(colon + 1), where, host));
      if (hosts.putIfAbsent(host, login) != null) {
        throw new IllegalArgumentException(where + ": host " + host + " is named twice");
      }
    }
    return new EnvironmentCredentials(hosts);
  }

  private static String decode(String s, String where, String host) {
    try {
      return URLDecoder.decode(s.replace("+", "%2B"), StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          where + " (host " + host + "): a '%' that is not followed by two hex digits");
    }
  }

  @Override
  public Optional<Login> forHost(String host) {
    return Optional.ofNullable(hosts.get(host.toLowerCase(Locale.ROOT)));
  }
}
