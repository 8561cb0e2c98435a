package dev.nogilscan.scanner.index;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Proxy;
import java.net.ProxySelector;
import java.net.SocketAddress;
import java.net.URI;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Proxies from the conventional environment variables: {@code HTTPS_PROXY} / {@code https_proxy}
 * for https, {@code HTTP_PROXY} / {@code http_proxy} for http, bypassed for the hosts and domain
 * suffixes in {@code NO_PROXY} and always for loopback.
 */
final class EnvironmentProxySelector extends ProxySelector {
  private final Optional<Proxy> https;
  private final Optional<Proxy> http;
  private final List<String> noProxy;

  private EnvironmentProxySelector(
      Optional<Proxy> https, Optional<Proxy> http, List<String> noProxy) {
    this.https = https;
    this.http = http;
    this.noProxy = noProxy;
  }

  static ProxySelector from(Map<String, String> env) {
    String none = first(env, "NO_PROXY", "no_proxy").orElse("");
    return new EnvironmentProxySelector(
        first(env, "HTTPS_PROXY", "https_proxy").flatMap(EnvironmentProxySelector::proxy),
        first(env, "HTTP_PROXY", "http_proxy").flatMap(EnvironmentProxySelector::proxy),
        List.of(none.toLowerCase(Locale.ROOT).split("\\s*,\\s*")).stream()
            .filter(s -> !s.isBlank())
            .toList());
  }

  private static Optional<String> first(Map<String, String> env, String... names) {
    for (String n : names) {
      String v = env.get(n);
      if (v != null && !v.isBlank()) {
        return Optional.of(v.strip());
      }
    }
    return Optional.empty();
  }

  static Optional<Proxy> proxy(String value) {
    try {
      URI uri = URI.create(value.contains("://") ? value : "http://" + value);
      if (uri.getHost() == null) {
        return Optional.empty();
      }
      int port = uri.getPort() > 0 ? uri.getPort() : 8080;
      return Optional.of(
          new Proxy(Proxy.Type.HTTP, InetSocketAddress.createUnresolved(uri.getHost(), port)));
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
  }

  @Override
  public List<Proxy> select(URI uri) {
    String host = uri.getHost() == null ? "" : uri.getHost().toLowerCase(Locale.ROOT);
    if (SimpleRepositoryIndex.isLoopback(host) || bypassed(host)) {
      return List.of(Proxy.NO_PROXY);
    }
    Optional<Proxy> p = "https".equalsIgnoreCase(uri.getScheme()) ? https : http;
    return List.of(p.orElse(Proxy.NO_PROXY));
  }

  private boolean bypassed(String host) {
    for (String n : noProxy) {
      String suffix = n.startsWith(".") ? n : "." + n;
      if (n.equals("*") || host.equals(n) || host.endsWith(suffix)) {
        return true;
      }
    }
    return false;
  }

  @Override
  public void connectFailed(URI uri, SocketAddress sa, IOException ioe) {
    // nothing to remember: OkHttp reports the failure to the caller
  }
}
