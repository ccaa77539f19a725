package io.nestauth.spring.web;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * The origins (scheme, host, port) whose requests may carry a Nest Auth access token; immutable
 * and thread-safe. A request matches when its scheme, host and effective port equal one origin's
 * (default ports 80 and 443 filled in); its path does not count.
 *
 * <p>Plain {@code http} origins are accepted only for loopback hosts ({@code localhost},
 * {@code 127.x.x.x}, {@code [::1]}, judged from the text, no lookup) unless insecure http is
 * allowed, so that a token does not cross a network unencrypted by accident.
 */
public final class OutgoingOrigins {
  private static final Pattern IPV4_LOOPBACK = Pattern.compile("127(\\.(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)){3}");

  private final List<URI> origins;

  private OutgoingOrigins(List<URI> origins) {
    this.origins = List.copyOf(origins);
  }

  /**
   * Parses and checks origins.
   *
   * @param origins URLs such as {@code https://orders.example.com} or {@code http://127.0.0.1:8081};
   *     a path of {@code /} is tolerated, any other path, a query, a fragment or user info is refused
   * @param allowInsecureHttp whether {@code http} origins on other hosts than loopback are accepted
   * @return the origins
   * @throws IllegalArgumentException when {@code origins} is empty or one of them is not such a URL
   */
  public static OutgoingOrigins of(Collection<String> origins, boolean allowInsecureHttp) {
    if (origins == null || origins.isEmpty()) {
      throw new IllegalArgumentException("at least one origin is needed (nestauth.outgoing.origins)");
    }
    List<URI> parsed = new ArrayList<>();
    for (String origin : origins) {
      parsed.add(parse(origin, allowInsecureHttp));
    }
    return new OutgoingOrigins(parsed);
  }

  private static URI parse(@Nullable String origin, boolean allowInsecureHttp) {
    if (origin == null || origin.isBlank()) {
      throw new IllegalArgumentException("an origin is blank");
    }
    URI uri;
    try {
      uri = new URI(origin.strip());
    } catch (URISyntaxException e) {
      throw new IllegalArgumentException("origin " + origin + " is not a URL");
    }
    String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
    if (!scheme.equals("https") && !scheme.equals("http") || uri.getHost() == null) {
      throw new IllegalArgumentException("origin " + origin + " is not an http(s) URL with a host");
    }
    boolean bare = (uri.getRawPath() == null || uri.getRawPath().isEmpty() || uri.getRawPath().equals("/"))
        && uri.getRawQuery() == null && uri.getRawFragment() == null && uri.getRawUserInfo() == null;
    if (!bare) {
      throw new IllegalArgumentException("origin " + origin
          + " must be scheme, host and port only (no path, query, fragment or user info)");
    }
    String host = uri.getHost().toLowerCase(Locale.ROOT);
    if (scheme.equals("http") && !allowInsecureHttp && !isLoopback(host)) {
      throw new IllegalArgumentException("origin " + origin + " uses plain http to a host that is not loopback; "
          + "use https, or allow insecure http (nestauth.outgoing.allow-insecure-http) on purpose");
    }
    return URI.create(scheme + "://" + bracketed(host) + ":" + port(scheme, uri.getPort()));
  }

  /**
   * Whether a request to this URL may carry the token.
   *
   * @param url the request's absolute URL
   * @return true when its scheme, host and port are those of one of the origins
   */
  public boolean includes(URI url) {
    if (url.getScheme() == null || url.getHost() == null) {
      return false;
    }
    String scheme = url.getScheme().toLowerCase(Locale.ROOT);
    String host = url.getHost().toLowerCase(Locale.ROOT);
    int port = port(scheme, url.getPort());
    for (URI origin : origins) {
      if (origin.getScheme().equals(scheme) && origin.getHost().equals(bracketed(host)) && origin.getPort() == port) {
        return true;
      }
    }
    return false;
  }

  private static int port(String scheme, int port) {
    return port != -1 ? port : scheme.equals("https") ? 443 : 80;
  }

  /** IPv6 literals keep their brackets in {@link URI#getHost()}; added when missing. */
  private static String bracketed(String host) {
    return host.contains(":") && !host.startsWith("[") ? "[" + host + "]" : host;
  }

  private static boolean isLoopback(String host) {
    return host.equals("localhost") || host.equals("[::1]") || IPV4_LOOPBACK.matcher(host).matches();
  }

  /** @return the origins, for diagnostics */
  @Override
  public String toString() {
    List<String> shown = new ArrayList<>();
    origins.forEach(origin -> shown.add(origin.getScheme() + "://" + origin.getHost() + ":" + origin.getPort()));
    return "OutgoingOrigins" + shown;
  }
}
