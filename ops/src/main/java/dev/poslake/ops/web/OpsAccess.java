package dev.poslake.ops.web;

import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Who may use the ops page and API, checked on every request:
 * <ul>
 *   <li><b>Host allow-list</b>: the request's Host must be a loopback name or a configured public name. A web page
 *       on another site whose name resolves to 127.0.0.1 (DNS rebinding) sends its own name: refused.</li>
 *   <li><b>Access token</b> (when configured, required for a non-loopback bind): {@code Authorization: Bearer
 *       <token>} (API clients, Prometheus) or the session cookie the login form sets (the page). Only
 *       {@code /health} is open.</li>
 *   <li><b>CSRF</b>: a state-changing request carries the per-process CSRF token (the page has it in a meta tag;
 *       curl gets it from {@code GET /api/csrf-token}) or the bearer token, and an {@code Origin}, if sent, of an
 *       allowed host. Browsers attach neither header to a request another site makes.</li>
 * </ul>
 */
final class OpsAccess {
  static final String SESSION_COOKIE = "pos_ops_session";
  static final String CSRF_HEADER = "X-CSRF-Token";

  /** Why a request is refused: status and a message for the response. */
  record Denial(int status, String message) {}

  private static final SecureRandom RANDOM = new SecureRandom();
  private final String token;
  private final Set<String> allowedHosts;
  private final String csrfToken = random();
  private final Set<String> sessions = ConcurrentHashMap.newKeySet();

  /** @param token the access token, or null for none (loopback only) */
  OpsAccess(String token, List<String> publicNames) {
    this.token = token == null || token.isBlank() ? null : token;
    Set<String> hosts = ConcurrentHashMap.newKeySet();
    hosts.addAll(List.of("localhost", "127.0.0.1", "[::1]", "::1"));
    publicNames.forEach(n -> hosts.add(n.toLowerCase(Locale.ROOT)));
    this.allowedHosts = Set.copyOf(hosts);
  }

  boolean tokenRequired() {
    return token != null;
  }

  String csrfToken() {
    return csrfToken;
  }

  /** Null if the request may proceed. {@code /health} and the login form need no token. */
  Denial check(HttpExchange ex, String path, boolean stateChanging) {
    String host = hostName(ex.getRequestHeaders().getFirst("Host"));
    if (host == null || !allowedHosts.contains(host)) {
      return new Denial(403, "unknown host: use one of " + allowedHosts + " (POS_OPS_PUBLIC_NAME adds names)");
    }
    boolean open = path.equals("/health") || path.equals("/login");
    boolean bearer = bearer(ex);
    if (token != null && !open && !bearer && !session(ex)) {
      return new Denial(401, "authentication required: Authorization: Bearer <POS_OPS_TOKEN>, or log in on the page");
    }
    if (stateChanging && !path.equals("/login")) {
      String origin = ex.getRequestHeaders().getFirst("Origin");
      if (origin != null && !allowedHosts.contains(originHost(origin))) {
        return new Denial(403, "cross-origin request refused");
      }
      if (!bearer && !constantTimeEquals(csrfToken, ex.getRequestHeaders().getFirst(CSRF_HEADER))) {
        return new Denial(403, "missing or wrong " + CSRF_HEADER + " header (GET /api/csrf-token)");
      }
    }
    return null;
  }

  /** True if the token is right; then a new session id to set as cookie. */
  String login(String offered) {
    if (token == null || !constantTimeEquals(token, offered)) return null;
    String id = random();
    sessions.add(id);
    return id;
  }

  static String sessionCookie(String id) {
    return SESSION_COOKIE + "=" + id + "; Path=/; HttpOnly; SameSite=Strict";
  }

  /** Headers on every response: no framing (clickjacking), no content sniffing, no referrer, no caching. */
  static void secureHeaders(Headers h) {
    h.set("Content-Security-Policy", "frame-ancestors 'none'");
    h.set("X-Frame-Options", "DENY");
    h.set("X-Content-Type-Options", "nosniff");
    h.set("Referrer-Policy", "no-referrer");
    h.set("Cache-Control", "no-store");
  }

  private boolean bearer(HttpExchange ex) {
    String auth = ex.getRequestHeaders().getFirst("Authorization");
    return token != null && auth != null && auth.regionMatches(true, 0, "Bearer ", 0, 7)
        && constantTimeEquals(token, auth.substring(7).strip());
  }

  private boolean session(HttpExchange ex) {
    for (String header : ex.getRequestHeaders().getOrDefault("Cookie", List.of())) {
      for (String part : header.split(";")) {
        String p = part.strip();
        if (p.startsWith(SESSION_COOKIE + "=") && sessions.contains(p.substring(SESSION_COOKIE.length() + 1))) {
          return true;
        }
      }
    }
    return false;
  }

  /** The host name of a Host header ({@code name:port}, {@code [v6]:port}), lower case; null if absent. */
  static String hostName(String hostHeader) {
    if (hostHeader == null || hostHeader.isBlank()) return null;
    String h = hostHeader.strip().toLowerCase(Locale.ROOT);
    if (h.startsWith("[")) {
      int end = h.indexOf(']');
      return end < 0 ? null : h.substring(0, end + 1);
    }
    int colon = h.lastIndexOf(':');
    return colon < 0 ? h : h.substring(0, colon);
  }

  private static String originHost(String origin) {
    try {
      String host = URI.create(origin).getHost();
      return host == null ? "" : host.toLowerCase(Locale.ROOT);
    } catch (IllegalArgumentException e) {
      return "";
    }
  }

  private static boolean constantTimeEquals(String expected, String offered) {
    return offered != null && MessageDigest.isEqual(expected.getBytes(StandardCharsets.UTF_8),
        offered.getBytes(StandardCharsets.UTF_8));
  }

  private static String random() {
    byte[] b = new byte[32];
    RANDOM.nextBytes(b);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
  }
}
