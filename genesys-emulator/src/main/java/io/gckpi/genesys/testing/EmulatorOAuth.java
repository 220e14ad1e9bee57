package io.gckpi.genesys.testing;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import io.gckpi.genesys.testing.EmulatorHttp.ApiError;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The emulator's OAuth and limits, as Genesys applies them: registered clients with their
 * permissions, bearer tokens from the client-credentials grant that expire after their lifetime,
 * a 403 naming the permission an endpoint needs, and a rate limit per token of so many requests a
 * fixed minute, announced on every answer by the {@code inin-ratelimit-*} headers and enforced
 * with a 429 whose Retry-After is the rest of the minute.
 */
final class EmulatorOAuth {
  private record Client(String secret, Set<String> permissions) {}

  /** A bearer token and its own rate-limit minute. */
  static final class Token {
    final String value;
    final String clientId;
    final long expiresAtMs;
    long windowStartMs;
    int windowCount;

    Token(String value, String clientId, long expiresAtMs) {
      this.value = value;
      this.clientId = clientId;
      this.expiresAtMs = expiresAtMs;
    }
  }

  private final Duration tokenTtl;
  private final int rateLimitPerMinute;
  private final EmulatorStats stats;
  private final FaultInjector faults;
  private final AtomicLong ids;
  private final Map<String, Client> clients = new ConcurrentHashMap<>();
  private final Map<String, Token> tokens = new ConcurrentHashMap<>();

  /** {@code ids} numbers tokens and jobs in one sequence. */
  EmulatorOAuth(Duration tokenTtl, int rateLimitPerMinute, EmulatorStats stats,
      FaultInjector faults, AtomicLong ids) {
    this.tokenTtl = tokenTtl;
    this.rateLimitPerMinute = rateLimitPerMinute;
    this.stats = stats;
    this.faults = faults;
    this.ids = ids;
  }

  void registerClient(String id, String secret, Set<String> permissions) {
    clients.put(id, new Client(secret, Set.copyOf(permissions)));
  }

  /** {@code POST /oauth/token}: the client-credentials grant with Basic client authentication. */
  void issueToken(HttpExchange ex) throws IOException {
    String auth = ex.getRequestHeaders().getFirst("Authorization");
    String form = new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
    if (!form.contains("grant_type=client_credentials")) {
      oauthError(ex, 400, "unsupported_grant_type", "grant_type must be client_credentials");
      return;
    }
    if (auth == null || !auth.startsWith("Basic ")) {
      oauthError(ex, 401, "invalid_client", "Basic authorization header required");
      return;
    }
    String decoded;
    try {
      decoded = new String(Base64.getDecoder().decode(auth.substring(6).trim()),
          StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      oauthError(ex, 401, "invalid_client", "malformed Basic credentials");
      return;
    }
    int colon = decoded.indexOf(':');
    String id = colon < 0 ? decoded : decoded.substring(0, colon);
    String secret = colon < 0 ? "" : decoded.substring(colon + 1);
    Client client = clients.get(id);
    if (client == null || !client.secret().equals(secret)) {
      oauthError(ex, 401, "invalid_client", "client not found or secret does not match");
      return;
    }
    String token = "emu-token-" + ids.incrementAndGet() + "-" + Long.toHexString(faults.draw64());
    tokens.put(token, new Token(token, id, System.currentTimeMillis() + tokenTtl.toMillis()));
    stats.tokensIssued.incrementAndGet();
    ObjectNode body = EmulatorHttp.MAPPER.createObjectNode();
    body.put("access_token", token);
    body.put("token_type", "bearer");
    body.put("expires_in", tokenTtl.toSeconds());
    EmulatorHttp.send(ex, 200, body.toString());
  }

  private static void oauthError(HttpExchange ex, int status, String error, String description)
      throws IOException {
    ObjectNode body = EmulatorHttp.MAPPER.createObjectNode();
    body.put("error", error);
    body.put("description", description);
    body.put("error_description", description);
    EmulatorHttp.send(ex, status, body.toString());
  }

  /** The live token of the request's bearer header, else a 401. */
  Token authenticate(HttpExchange ex) {
    String auth = ex.getRequestHeaders().getFirst("Authorization");
    if (auth == null || !auth.startsWith("Bearer ")) {
      throw new ApiError(401, "bad.credentials", "Invalid login credentials.");
    }
    Token token = tokens.get(auth.substring(7).trim());
    if (token == null || System.currentTimeMillis() >= token.expiresAtMs) {
      throw new ApiError(401, "bad.credentials", "Invalid login credentials.");
    }
    return token;
  }

  /** Counts the request against its token's minute, sets the headers, and answers 429 past it. */
  void countRequest(HttpExchange ex, Token token) {
    long now = System.currentTimeMillis();
    int count;
    long resetSec;
    synchronized (token) {
      if (now - token.windowStartMs >= 60_000) {
        token.windowStartMs = now;
        token.windowCount = 0;
      }
      count = ++token.windowCount;
      resetSec = Math.max(0, (token.windowStartMs + 60_000 - now + 999) / 1000);
    }
    stats.countTokenRequest(token.value, token.clientId, now);
    int allowed = rateLimitPerMinute == 0 ? Integer.MAX_VALUE : rateLimitPerMinute;
    ex.getResponseHeaders().set("inin-ratelimit-allowed", String.valueOf(allowed));
    ex.getResponseHeaders().set("inin-ratelimit-count", String.valueOf(count));
    ex.getResponseHeaders().set("inin-ratelimit-reset", String.valueOf(resetSec));
    if (rateLimitPerMinute > 0 && count > rateLimitPerMinute) {
      throw EmulatorHttp.tooManyRequests(rateLimitPerMinute, resetSec);
    }
  }

  /** A 403 naming {@code permission} unless the token's client holds it. */
  void require(Token token, String permission) {
    Client client = clients.get(token.clientId);
    if (client == null || !client.permissions().contains(permission)) {
      throw new ApiError(
          403,
          "missing.permissions",
          "Unable to perform the requested action. You are missing the following permission(s): "
              + "[" + permission + "]");
    }
  }
}
