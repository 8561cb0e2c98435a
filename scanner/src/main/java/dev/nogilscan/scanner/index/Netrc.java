package dev.nogilscan.scanner.index;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Credentials from a {@code .netrc} file ({@code machine HOST login USER password SECRET}, and
 * {@code default}), the way pip and curl read it. Values are never logged.
 */
public final class Netrc implements IndexCredentials {
  private final Map<String, Login> machines;
  private final Optional<Login> fallback;

  private Netrc(Map<String, Login> machines, Optional<Login> fallback) {
    this.machines = Map.copyOf(machines);
    this.fallback = fallback;
  }

  public static Netrc empty() {
    return new Netrc(Map.of(), Optional.empty());
  }

  /** {@code $NETRC}, else {@code ~/.netrc}; an absent or unreadable file gives no credentials. */
  public static Netrc load(Map<String, String> environment, Path home) {
    Path file =
        Optional.ofNullable(environment.get("NETRC"))
            .filter(s -> !s.isBlank())
            .map(Path::of)
            .orElse(home.resolve(".netrc"));
    if (!Files.isRegularFile(file)) {
      return empty();
    }
    try {
      return parse(Files.readString(file));
    } catch (IOException | RuntimeException e) {
      return empty();
    }
  }

  static Netrc parse(String text) {
    Map<String, Login> machines = new HashMap<>();
    Optional<Login> fallback = Optional.empty();
    String[] tokens = text.replaceAll("(?m)#.*$", "").trim().split("\\s+");
    String machine = null;
    boolean isDefault = false;
    String user = null;
    String password = null;
    for (int i = 0; i <= tokens.length; i++) {
      String t = i < tokens.length ? tokens[i] : "machine";
      if (t.equals("machine") || t.equals("default")) {
        if ((machine != null || isDefault) && user != null) {
          Login login = new Login(user, password == null ? "" : password);
          if (isDefault) {
            fallback = Optional.of(login);
          } else {
            machines.putIfAbsent(machine, login);
          }
        }
        isDefault = t.equals("default");
        machine = !isDefault && i + 1 < tokens.length ? tokens[++i] : null;
        user = null;
        password = null;
      } else if (t.equals("login") && i + 1 < tokens.length) {
        user = tokens[++i];
      } else if (t.equals("password") && i + 1 < tokens.length) {
        password = tokens[++i];
      } else if (t.equals("account") && i + 1 < tokens.length) {
        i++;
      }
    }
    return new Netrc(machines, fallback);
  }

  @Override
  public Optional<Login> forHost(String host) {
    Login exact = machines.get(host);
    return exact != null ? Optional.of(exact) : fallback;
  }
}
