package dev.nogilscan.scanner.index;

import java.util.Optional;

/**
 * Where the credentials for an index host come from when its URL carries none: the {@value
 * EnvironmentCredentials#VARIABLE} environment variable, then {@code .netrc}. Credentials are bound
 * to one host and sent only there; they never appear in messages or reports.
 */
@FunctionalInterface
public interface IndexCredentials {
  /** A user name and password for HTTP Basic authentication. */
  record Login(String user, String password) {
    @Override
    public String toString() {
      return "Login[user=" + user + ", password=****]";
    }
  }

  IndexCredentials NONE = host -> Optional.empty();

  Optional<Login> forHost(String host);

  /** These credentials, and for hosts they do not name, {@code next}'s. */
  default IndexCredentials orElse(IndexCredentials next) {
    return host -> forHost(host).or(() -> next.forHost(host));
  }
}
