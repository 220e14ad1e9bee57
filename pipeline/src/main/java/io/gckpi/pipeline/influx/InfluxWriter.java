package io.gckpi.pipeline.influx;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.gckpi.genesys.client.Backoff;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Optional;
import org.checkerframework.checker.nullness.qual.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * POSTs batches of line protocol to InfluxDB's write endpoint. 429, 5xx and I/O errors are retried
 * with capped exponential backoff and full jitter ({@link Backoff}), or after the server's {@code
 * Retry-After} when it sends one; a Retry-After longer than the settings allow fails at once, as
 * does any other status, with InfluxDB's own error message ({@code {"error": ...}} from 1.x,
 * {@code {"message": ...}} from 2.x). Writing a batch again is harmless: points with the same
 * measurement, tags and timestamp overwrite each other.
 */
public final class InfluxWriter {
  private static final Logger LOG = LoggerFactory.getLogger(InfluxWriter.class);
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Duration TIMEOUT = Duration.ofSeconds(60);

  /** How the writer waits between attempts; tests pass one that does not sleep. */
  interface Sleeper {
    void sleep(long millis) throws InterruptedException;
  }

  private final InfluxSettings settings;
  private final HttpClient http;
  private final Backoff backoff;
  private final Sleeper sleeper;

  InfluxWriter(InfluxSettings settings, Backoff backoff, Sleeper sleeper) {
    this.settings = settings;
    this.http = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(10))
            .build();
    this.backoff = backoff;
    this.sleeper = sleeper;
  }

  public static InfluxWriter create(InfluxSettings settings) {
    return new InfluxWriter(
        settings,
        Backoff.withJitter(settings.backoffBaseMillis(), settings.backoffCapMillis()),
        Thread::sleep);
  }

  /** Writes {@code lines} in one request, retrying as described above. */
  public void write(List<String> lines) {
    if (!lines.isEmpty()) {
      post(String.join("\n", lines) + "\n", lines.size() + " points");
    }
  }

  /**
   * Checks at launch that the server answers and takes writes: an empty write on 1.x (which also
   * checks the database, the retention policy and the credentials), {@code /ping} on 2.x (whose
   * servers before 2.0.9 refuse empty writes).
   */
  public void check() {
    if (settings.version() == 1) {
      post("", "an empty write");
      return;
    }
    HttpRequest ping =
        HttpRequest.newBuilder(URI.create(settings.url() + "/ping")).timeout(TIMEOUT).GET().build();
    send(ping, "a ping");
  }

  private void post(String body, String what) {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(settings.writeUri())
            .timeout(TIMEOUT)
            .header("Content-Type", "text/plain; charset=utf-8")
            .header("Accept", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
    String authorization = settings.authorization();
    if (authorization != null) {
      request.header("Authorization", authorization);
    }
    send(request.build(), what);
  }

  private void send(HttpRequest request, String what) {
    for (int attempt = 1; ; attempt++) {
      boolean last = attempt >= settings.maxAttempts();
      HttpResponse<String> response;
      try {
        response = http.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
      } catch (IOException e) {
        if (last) {
          throw new InfluxWriteException(settings + ": " + what + " failed after " + attempt
              + " attempts: " + e, 0, e);
        }
        long delay = backoff.delayMillis(attempt);
        LOG.warn("{}: {} failed ({}); attempt {} of {} in {} ms", settings, what, e, attempt + 1,
            settings.maxAttempts(), delay);
        sleep(delay);
        continue;
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new InfluxWriteException(settings + ": interrupted during " + what, 0, e);
      }
      int status = response.statusCode();
      if (status / 100 == 2) {
        return;
      }
      String message = errorMessage(response);
      if (status != 429 && status / 100 != 5) {
        throw new InfluxWriteException(
            settings + " refused " + what + ": " + status + " " + message, status, null);
      }
      long retryAfter =
          retryAfterMillis(response.headers().firstValue("Retry-After").orElse(null),
              Instant.now());
      if (retryAfter > settings.maxRetryAfterMillis()) {
        throw new InfluxWriteException(settings + " asked to wait " + retryAfter / 1000
            + " s (Retry-After) before " + what + ", longer than the "
            + settings.maxRetryAfterMillis() / 1000 + " s allowed: " + status + " " + message,
            status, null);
      }
      if (last) {
        throw new InfluxWriteException(settings + ": " + what + " failed after " + attempt
            + " attempts: " + status + " " + message, status, null);
      }
      long delay = retryAfter >= 0 ? retryAfter : backoff.delayMillis(attempt);
      LOG.warn("{}: {} answered {} {}; attempt {} of {} in {} ms", settings, what, status,
          message, attempt + 1, settings.maxAttempts(), delay);
      sleep(delay);
    }
  }

  private void sleep(long millis) {
    try {
      sleeper.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InfluxWriteException(settings + ": interrupted while waiting to retry", 0, e);
    }
  }

  /** InfluxDB's own words: the JSON body's error (1.x) or message (2.x), else its header. */
  static String errorMessage(HttpResponse<String> response) {
    String body = response.body() == null ? "" : response.body().trim();
    if (body.startsWith("{")) {
      try {
        JsonNode json = JSON.readTree(body);
        for (String field : List.of("error", "message")) {
          if (json.hasNonNull(field)) {
            return json.get(field).asText();
          }
        }
      } catch (IOException e) {
        // not JSON after all: fall through to the header or the raw body
      }
    }
    Optional<String> header = response.headers().firstValue("X-Influxdb-Error");
    if (header.isPresent()) {
      return header.get();
    }
    return body.isEmpty() ? "(no body)" : body.substring(0, Math.min(body.length(), 500));
  }

  /** Retry-After in seconds or as an HTTP date; -1 when absent or unreadable. */
  static long retryAfterMillis(@Nullable String value, Instant now) {
    if (value == null || value.isBlank()) {
      return -1;
    }
    try {
      return Math.max(0, (long) (Double.parseDouble(value.trim()) * 1000));
    } catch (NumberFormatException e) {
      try {
        Instant at = ZonedDateTime.parse(value.trim(), DateTimeFormatter.RFC_1123_DATE_TIME)
            .toInstant();
        return Math.max(0, Duration.between(now, at).toMillis());
      } catch (DateTimeParseException notADate) {
        return -1;
      }
    }
  }

  /** A write InfluxDB refused or that kept failing; {@link #status} is 0 for I/O errors. */
  public static final class InfluxWriteException extends RuntimeException {
    private final int status;

    InfluxWriteException(String message, int status, @Nullable Throwable cause) {
      super(message, cause);
      this.status = status;
    }

    public int status() {
      return status;
    }
  }
}
