package io.gckpi.pipeline.influx;

import java.io.Serializable;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.Objects;
import java.util.function.UnaryOperator;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * Where and how the InfluxDB points are written: the endpoint of an InfluxDB 1.x server ({@code
 * POST /write?db=&rp=&precision=s}, optional user and password as HTTP Basic authentication) or
 * of an InfluxDB 2.x server ({@code POST /api/v2/write?org=&bucket=&precision=s}, {@code
 * Authorization: Token ...}), the batch size and the retry policy. Immutable; {@link #toString}
 * never shows the password or the token.
 */
public final class InfluxSettings implements Serializable {
  private static final long serialVersionUID = 1L;

  /** Timestamps are written in seconds: an hour start needs nothing finer. */
  public static final String PRECISION = "s";

  public static final int DEFAULT_BATCH_SIZE = 5000;
  /** Attempts per batch, backoff base and cap, longest Retry-After waited for. */
  private static final int ATTEMPTS = 8;
  private static final long BACKOFF_BASE_MS = 500;
  private static final long BACKOFF_CAP_MS = 30_000;
  private static final long MAX_RETRY_AFTER_MS = 300_000;

  private final String url;
  private final int version;
  private final @Nullable String database;
  private final @Nullable String retentionPolicy;
  private final @Nullable String user;
  private final @Nullable String password;
  private final @Nullable String org;
  private final @Nullable String bucket;
  private final @Nullable String token;
  private final int batchSize;
  private final int maxAttempts;
  private final long backoffBaseMillis;
  private final long backoffCapMillis;
  private final long maxRetryAfterMillis;

  private InfluxSettings(
      String url,
      int version,
      @Nullable String database,
      @Nullable String retentionPolicy,
      @Nullable String user,
      @Nullable String password,
      @Nullable String org,
      @Nullable String bucket,
      @Nullable String token,
      int batchSize,
      int maxAttempts,
      long backoffBaseMillis,
      long backoffCapMillis,
      long maxRetryAfterMillis) {
    this.url = url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    this.version = version;
    this.database = database;
    this.retentionPolicy = retentionPolicy;
    this.user = user;
    this.password = password;
    this.org = org;
    this.bucket = bucket;
    this.token = token;
    this.batchSize = batchSize;
    this.maxAttempts = maxAttempts;
    this.backoffBaseMillis = backoffBaseMillis;
    this.backoffCapMillis = backoffCapMillis;
    this.maxRetryAfterMillis = maxRetryAfterMillis;
  }

  /** An InfluxDB 1.x database; {@code retentionPolicy}, {@code user}, {@code password} optional. */
  public static InfluxSettings v1(
      String url,
      String database,
      @Nullable String retentionPolicy,
      @Nullable String user,
      @Nullable String password) {
    return new InfluxSettings(url, 1, Objects.requireNonNull(database), retentionPolicy, user,
        password, null, null, null, DEFAULT_BATCH_SIZE, ATTEMPTS, BACKOFF_BASE_MS, BACKOFF_CAP_MS,
        MAX_RETRY_AFTER_MS);
  }

  /** An InfluxDB 2.x bucket. */
  public static InfluxSettings v2(String url, String org, String bucket, String token) {
    return new InfluxSettings(url, 2, null, null, null, null, Objects.requireNonNull(org),
        Objects.requireNonNull(bucket), Objects.requireNonNull(token), DEFAULT_BATCH_SIZE, ATTEMPTS,
        BACKOFF_BASE_MS, BACKOFF_CAP_MS, MAX_RETRY_AFTER_MS);
  }

  /**
   * The settings of a run whose {@code --sink} names influx ({@code wanted}), checked: every
   * problem is an {@link IllegalArgumentException} naming the option. Null when influx is not
   * wanted, and then no influx option may be given either (it would be silently ignored).
   *
   * @param windowSize the extraction window: a point is a whole hour, so a window must hold whole
   *     hours, or a run that re-reads some windows of an hour would overwrite its point with part
   *     of the hour
   * @param environment INFLUX_TOKEN and INFLUX_PASSWORD (System::getenv)
   */
  public static @Nullable InfluxSettings forRun(
      InfluxSinkOptions options,
      boolean wanted,
      Duration windowSize,
      UnaryOperator<String> environment) {
    if (!wanted) {
      if (options.getInfluxUrl() != null) {
        throw bad("sink", "--influxUrl was given, but --sink does not name influx (e.g."
            + " --sink=files,influx)");
      }
      return null;
    }
    String url = options.getInfluxUrl();
    if (url == null || url.isBlank()) {
      throw bad("influxUrl", "--sink=...,influx needs --influxUrl=http://HOST:8086");
    }
    URI uri;
    try {
      uri = URI.create(url.trim());
    } catch (IllegalArgumentException e) {
      uri = null;
    }
    if (uri == null || uri.getHost() == null
        || !("http".equals(uri.getScheme()) || "https".equals(uri.getScheme()))) {
      throw bad("influxUrl", "expected http://HOST:PORT or https://HOST:PORT; got " + url);
    }
    if (Duration.ofHours(1).compareTo(windowSize) > 0) {
      throw bad("windowSize", "--sink=...,influx writes one point per UTC hour, so windows must"
          + " hold whole hours (PT1H or longer); got " + windowSize);
    }
    return switch (options.getInfluxVersion()) {
      case 1 -> {
        refuse(options.getInfluxOrg(), "influxOrg", "is for --influxVersion=2");
        refuse(options.getInfluxBucket(), "influxBucket", "is for --influxVersion=2");
        refuse(options.getInfluxToken(), "influxToken",
            "is for --influxVersion=2 (1.x takes --influxUser and --influxPassword)");
        if (blank(options.getInfluxDatabase())) {
          throw bad("influxDatabase", "InfluxDB 1.x needs --influxDatabase=NAME (an existing"
              + " database)");
        }
        String password =
            options.getInfluxPassword() != null
                ? options.getInfluxPassword()
                : environment.apply("INFLUX_PASSWORD");
        if (password != null && blank(options.getInfluxUser())) {
          throw bad("influxUser", "a password was given (--influxPassword or INFLUX_PASSWORD)"
              + " without --influxUser");
        }
        yield v1(url.trim(), options.getInfluxDatabase(), options.getInfluxRetentionPolicy(),
            options.getInfluxUser(), password);
      }
      case 2 -> {
        refuse(options.getInfluxDatabase(), "influxDatabase",
            "is for InfluxDB 1.x; 2.x writes to --influxOrg and --influxBucket");
        refuse(options.getInfluxRetentionPolicy(), "influxRetentionPolicy",
            "is for InfluxDB 1.x; a 2.x bucket has its own retention");
        refuse(options.getInfluxUser(), "influxUser", "is for InfluxDB 1.x; 2.x takes a token");
        if (blank(options.getInfluxOrg())) {
          throw bad("influxOrg", "InfluxDB 2.x needs --influxOrg=ORG");
        }
        if (blank(options.getInfluxBucket())) {
          throw bad("influxBucket", "InfluxDB 2.x needs --influxBucket=BUCKET");
        }
        String token =
            options.getInfluxToken() != null
                ? options.getInfluxToken()
                : environment.apply("INFLUX_TOKEN");
        if (blank(token)) {
          throw bad("influxToken", "InfluxDB 2.x needs a token with write access: --influxToken"
              + " or INFLUX_TOKEN in the environment");
        }
        yield v2(url.trim(), options.getInfluxOrg(), options.getInfluxBucket(), token);
      }
      default -> throw bad("influxVersion", "must be 1 or 2; got " + options.getInfluxVersion());
    };
  }

  /** Lines per POST. */
  public InfluxSettings withBatchSize(int lines) {
    if (lines < 1) {
      throw new IllegalArgumentException("batch size must be positive; got " + lines);
    }
    return new InfluxSettings(url, version, database, retentionPolicy, user, password, org,
        bucket, token, lines, maxAttempts, backoffBaseMillis, backoffCapMillis,
        maxRetryAfterMillis);
  }

  /**
   * Attempts per batch (the first included), the backoff's base and cap, and the longest
   * Retry-After waited for: a longer one fails the write at once.
   */
  public InfluxSettings withRetries(
      int attempts, Duration backoffBase, Duration backoffCap, Duration maxRetryAfter) {
    if (attempts < 1) {
      throw new IllegalArgumentException("attempts must be positive; got " + attempts);
    }
    return new InfluxSettings(url, version, database, retentionPolicy, user, password, org,
        bucket, token, batchSize, attempts, backoffBase.toMillis(), backoffCap.toMillis(),
        maxRetryAfter.toMillis());
  }

  public String url() {
    return url;
  }

  public int version() {
    return version;
  }

  public int batchSize() {
    return batchSize;
  }

  public int maxAttempts() {
    return maxAttempts;
  }

  public long backoffBaseMillis() {
    return backoffBaseMillis;
  }

  public long backoffCapMillis() {
    return backoffCapMillis;
  }

  public long maxRetryAfterMillis() {
    return maxRetryAfterMillis;
  }

  /** The write endpoint with its query parameters, precision included. */
  public URI writeUri() {
    StringBuilder uri = new StringBuilder(url);
    if (version == 1) {
      uri.append("/write?db=").append(encode(database));
      if (!blank(retentionPolicy)) {
        uri.append("&rp=").append(encode(retentionPolicy));
      }
    } else {
      uri.append("/api/v2/write?org=").append(encode(org)).append("&bucket=")
          .append(encode(bucket));
    }
    return URI.create(uri.append("&precision=").append(PRECISION).toString());
  }

  /** The {@code Authorization} header's value, or null when the server is open. */
  public @Nullable String authorization() {
    if (version == 2) {
      return "Token " + token;
    }
    if (blank(user)) {
      return null;
    }
    String pair = user + ":" + (password == null ? "" : password);
    return "Basic " + Base64.getEncoder().encodeToString(pair.getBytes(StandardCharsets.UTF_8));
  }

  @Override
  public String toString() {
    return version == 1
        ? "InfluxDB 1.x " + url + " database " + database
            + (blank(retentionPolicy) ? "" : " retention policy " + retentionPolicy)
            + (blank(user) ? "" : " as " + user)
        : "InfluxDB 2.x " + url + " org " + org + " bucket " + bucket;
  }

  private static String encode(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8);
  }

  private static boolean blank(@Nullable String value) {
    return value == null || value.isBlank();
  }

  private static void refuse(@Nullable String value, String option, String why) {
    if (value != null) {
      throw bad(option, why);
    }
  }

  private static IllegalArgumentException bad(String option, String message) {
    return new IllegalArgumentException("--" + option + ": " + message);
  }
}
