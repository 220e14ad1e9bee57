package io.gckpi.genesys.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import io.gckpi.genesys.Interval;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * The emulator's HTTP plumbing, shared by its endpoints: reading a request (JSON body, interval,
 * query parameters) and writing an answer, and {@link ApiError}, the one way a handler answers
 * anything but a success, rendered in Genesys' error body by {@link #sendError}.
 */
final class EmulatorHttp {
  static final ObjectMapper MAPPER = new ObjectMapper();

  private EmulatorHttp() {}

  /** A response that is not a plain success; thrown by handlers, rendered in one place. */
  static final class ApiError extends RuntimeException {
    final int status;
    final String code;
    /** The Retry-After of a 429, in seconds. */
    final long retryAfterSeconds;

    ApiError(int status, String code, String message) {
      this(status, code, message, 1);
    }

    private ApiError(int status, String code, String message, long retryAfterSeconds) {
      super(message);
      this.status = status;
      this.code = code;
      this.retryAfterSeconds = retryAfterSeconds;
    }
  }

  static ApiError tooManyRequests(int rateLimitPerMinute, long retryAfterSeconds) {
    return new ApiError(
        429,
        "too.many.requests",
        "Rate limit exceeded the maximum [" + rateLimitPerMinute + "] requests within [60]"
            + " seconds",
        retryAfterSeconds);
  }

  static ApiError serverError(int status) {
    return new ApiError(status, "internal.server.error", "The server encountered an error");
  }

  static JsonNode body(HttpExchange ex) throws IOException {
    try {
      JsonNode n = MAPPER.readTree(ex.getRequestBody());
      if (n == null || !n.isObject()) {
        throw new ApiError(400, "bad.request", "The request body must be a JSON object");
      }
      return n;
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new ApiError(400, "bad.request", "Malformed request body: " + e.getOriginalMessage());
    }
  }

  static Interval interval(JsonNode body) {
    String text = body.path("interval").asText(null);
    if (text == null) {
      throw new ApiError(400, "bad.request", "interval is required");
    }
    Interval iv;
    try {
      iv = Interval.parse(text);
    } catch (RuntimeException e) {
      throw new ApiError(400, "bad.request", "interval is not valid: " + text);
    }
    if (iv.duration().compareTo(Duration.ofDays(31)) > 0) {
      throw new ApiError(400, "bad.request", "Max interval size is 31 days: " + text);
    }
    return iv;
  }

  static Map<String, String> queryParams(HttpExchange ex) {
    Map<String, String> params = new LinkedHashMap<>();
    String q = ex.getRequestURI().getRawQuery();
    if (q == null) {
      return params;
    }
    for (String kv : q.split("&")) {
      int eq = kv.indexOf('=');
      String k = eq < 0 ? kv : kv.substring(0, eq);
      String v = eq < 0 ? "" : kv.substring(eq + 1);
      params.put(URLDecoder.decode(k, StandardCharsets.UTF_8),
          URLDecoder.decode(v, StandardCharsets.UTF_8));
    }
    return params;
  }

  static int parseInt(String s, String name) {
    try {
      return Integer.parseInt(s);
    } catch (NumberFormatException e) {
      throw new ApiError(400, "bad.request", name + " is not a number: " + s);
    }
  }

  /** Genesys' error body for {@code e}; a 429 carries its Retry-After header. */
  static void sendError(HttpExchange ex, ApiError e, String correlationId) throws IOException {
    if (e.status == 429) {
      ex.getResponseHeaders().set("Retry-After", String.valueOf(e.retryAfterSeconds));
    }
    ObjectNode body = MAPPER.createObjectNode();
    body.put("message", e.getMessage());
    body.put("code", e.code);
    body.put("status", e.status);
    body.put("contextId", correlationId);
    body.putObject("messageParams");
    body.putArray("details");
    body.putArray("errors");
    send(ex, e.status, body.toString());
  }

  /** Sends {@code body} as JSON, or no body at all when it is null (a 204). */
  static void send(HttpExchange ex, int status, @Nullable String body) throws IOException {
    if (body == null) {
      ex.sendResponseHeaders(status, -1);
      ex.close();
      return;
    }
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    ex.getResponseHeaders().set("Content-Type", "application/json");
    ex.sendResponseHeaders(status, bytes.length);
    try (OutputStream out = ex.getResponseBody()) {
      out.write(bytes);
    }
  }
}
