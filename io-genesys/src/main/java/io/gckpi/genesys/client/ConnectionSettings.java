package io.gckpi.genesys.client;

import com.google.auto.value.AutoValue;
import java.io.IOException;
import java.io.InputStream;
import java.io.Serializable;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import javax.annotation.Nullable;

/**
 * Where and how to reach one Genesys Cloud org. Serializable so that it can travel inside a
 * pipeline's transforms; the secret travels with it (or only the name of its source, for the
 * environment and file forms, which are resolved when the client is created) and is never shown by
 * {@link #toString()}.
 */
@AutoValue
public abstract class ConnectionSettings implements Serializable {

  /** Genesys Cloud region domains: API host {@code api.<domain>}, OAuth host {@code login.<domain>}. */
  public static final List<String> KNOWN_DOMAINS =
      List.of(
          "mypurecloud.com",
          "mypurecloud.ie",
          "mypurecloud.de",
          "mypurecloud.jp",
          "mypurecloud.com.au",
          "usw2.pure.cloud",
          "cac1.pure.cloud",
          "euw2.pure.cloud",
          "euc2.pure.cloud",
          "aps1.pure.cloud",
          "apne2.pure.cloud",
          "sae1.pure.cloud",
          "mec1.pure.cloud",
          "use2.us-gov-pure.cloud");

  static final String ENV_CLIENT_ID = "GENESYS_CLIENT_ID";
  static final String ENV_CLIENT_SECRET = "GENESYS_CLIENT_SECRET";

  /** Where the credentials come from. */
  enum CredentialSource {
    NONE,
    EXPLICIT,
    ENVIRONMENT,
    FILE
  }

  public abstract String apiBaseUrl();

  public abstract String oauthBaseUrl();

  abstract CredentialSource credentialSource();

  @Nullable
  abstract String explicitClientId();

  @Nullable
  abstract String explicitClientSecret();

  @Nullable
  abstract String credentialsFile();

  public abstract int rateLimitPerMinute();

  public abstract Duration connectTimeout();

  public abstract Duration readTimeout();

  public abstract Duration aggregatesReadTimeout();

  public abstract int maxRetries();

  public abstract Duration maxRetryAfter();

  public abstract int circuitBreakerThreshold();

  /** How long the breaker stays open before it lets one call through again. */
  public abstract Duration circuitBreakerCoolDown();

  public abstract Duration jobPollInterval();

  abstract Builder toBuilder();

  /** A Genesys Cloud region by its domain, e.g. {@code mypurecloud.ie}. */
  public static ConnectionSettings forRegion(String domain) {
    String normalized = domain == null ? "" : domain.trim().toLowerCase(java.util.Locale.ROOT);
    if (!KNOWN_DOMAINS.contains(normalized)) {
      throw new IllegalArgumentException(
          "Unknown Genesys Cloud region domain '"
              + domain
              + "'. Known domains: "
              + String.join(", ", KNOWN_DOMAINS)
              + ". For a proxy or the emulator use ConnectionSettings.forBaseUrl(url).");
    }
    return defaults("https://api." + normalized, "https://login." + normalized);
  }

  /** API and OAuth on one base URL: the emulator, or a proxy in front of Genesys. */
  public static ConnectionSettings forBaseUrl(String url) {
    if (url == null || !(url.startsWith("http://") || url.startsWith("https://"))) {
      throw new IllegalArgumentException(
          "Base URL must start with http:// or https://, got '" + url + "'");
    }
    String trimmed = url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    return defaults(trimmed, trimmed);
  }

  private static ConnectionSettings defaults(String api, String oauth) {
    return new AutoValue_ConnectionSettings.Builder()
        .setApiBaseUrl(api)
        .setOauthBaseUrl(oauth)
        .setCredentialSource(CredentialSource.NONE)
        .setRateLimitPerMinute(300)
        .setConnectTimeout(Duration.ofSeconds(15))
        .setReadTimeout(Duration.ofSeconds(15))
        .setAggregatesReadTimeout(Duration.ofSeconds(30))
        .setMaxRetries(6)
        .setMaxRetryAfter(Duration.ofSeconds(180))
        .setCircuitBreakerThreshold(10)
        .setCircuitBreakerCoolDown(Duration.ofSeconds(30))
        .setJobPollInterval(Duration.ofSeconds(2))
        .build();
  }

  public ConnectionSettings withCredentials(String clientId, String clientSecret) {
    if (clientId == null || clientId.isEmpty() || clientSecret == null || clientSecret.isEmpty()) {
      throw new IllegalArgumentException("Client id and client secret must both be non-empty");
    }
    return toBuilder()
        .setCredentialSource(CredentialSource.EXPLICIT)
        .setExplicitClientId(clientId)
        .setExplicitClientSecret(clientSecret)
        .setCredentialsFile(null)
        .build();
  }

  /** Reads GENESYS_CLIENT_ID and GENESYS_CLIENT_SECRET when the client is created. */
  public ConnectionSettings withCredentialsFromEnvironment() {
    return toBuilder()
        .setCredentialSource(CredentialSource.ENVIRONMENT)
        .setExplicitClientId(null)
        .setExplicitClientSecret(null)
        .setCredentialsFile(null)
        .build();
  }

  /**
   * A properties file with {@code client_id} and {@code client_secret}, read at client creation.
   */
  public ConnectionSettings withCredentialsFile(String path) {
    if (path == null || path.isEmpty()) {
      throw new IllegalArgumentException("Credentials file path must be non-empty");
    }
    return toBuilder()
        .setCredentialSource(CredentialSource.FILE)
        .setExplicitClientId(null)
        .setExplicitClientSecret(null)
        .setCredentialsFile(path)
        .build();
  }

  public ConnectionSettings withRateLimitPerMinute(int requestsPerMinute) {
    checkPositive(requestsPerMinute, "rateLimitPerMinute");
    return toBuilder().setRateLimitPerMinute(requestsPerMinute).build();
  }

  public ConnectionSettings withConnectTimeout(Duration timeout) {
    return toBuilder().setConnectTimeout(checkPositive(timeout, "connectTimeout")).build();
  }

  public ConnectionSettings withReadTimeout(Duration timeout) {
    return toBuilder().setReadTimeout(checkPositive(timeout, "readTimeout")).build();
  }

  public ConnectionSettings withAggregatesReadTimeout(Duration timeout) {
    return toBuilder()
        .setAggregatesReadTimeout(checkPositive(timeout, "aggregatesReadTimeout"))
        .build();
  }

  public ConnectionSettings withMaxRetries(int maxRetries) {
    if (maxRetries < 0) {
      throw new IllegalArgumentException("maxRetries must be >= 0, got " + maxRetries);
    }
    return toBuilder().setMaxRetries(maxRetries).build();
  }

  public ConnectionSettings withMaxRetryAfter(Duration maxRetryAfter) {
    return toBuilder().setMaxRetryAfter(checkPositive(maxRetryAfter, "maxRetryAfter")).build();
  }

  public ConnectionSettings withCircuitBreakerThreshold(int consecutiveServerErrors) {
    checkPositive(consecutiveServerErrors, "circuitBreakerThreshold");
    return toBuilder().setCircuitBreakerThreshold(consecutiveServerErrors).build();
  }

  public ConnectionSettings withCircuitBreakerCoolDown(Duration coolDown) {
    return toBuilder()
        .setCircuitBreakerCoolDown(checkPositive(coolDown, "circuitBreakerCoolDown"))
        .build();
  }

  public ConnectionSettings withJobPollInterval(Duration interval) {
    return toBuilder().setJobPollInterval(checkPositive(interval, "jobPollInterval")).build();
  }

  /** The client id and secret, resolved from their source now. */
  Credentials resolveCredentials() {
    switch (credentialSource()) {
      case EXPLICIT:
        return new Credentials(explicitClientId(), explicitClientSecret());
      case ENVIRONMENT:
        {
          String id = System.getenv(ENV_CLIENT_ID);
          String secret = System.getenv(ENV_CLIENT_SECRET);
          if (isBlank(id) || isBlank(secret)) {
            throw new IllegalStateException(
                "Genesys credentials from the environment: set both "
                    + ENV_CLIENT_ID
                    + " and "
                    + ENV_CLIENT_SECRET
                    + " (missing: "
                    + (isBlank(id) ? ENV_CLIENT_ID + " " : "")
                    + (isBlank(secret) ? ENV_CLIENT_SECRET : "")
                    + ")");
          }
          return new Credentials(id.trim(), secret.trim());
        }
      case FILE:
        {
          Properties properties = new Properties();
          try (InputStream in = Files.newInputStream(Path.of(credentialsFile()))) {
            properties.load(in);
          } catch (IOException e) {
            throw new IllegalStateException(
                "Cannot read Genesys credentials file " + credentialsFile() + ": " + e, e);
          }
          String id = properties.getProperty("client_id");
          String secret = properties.getProperty("client_secret");
          if (isBlank(id) || isBlank(secret)) {
            throw new IllegalStateException(
                "Genesys credentials file "
                    + credentialsFile()
                    + " must define both client_id and client_secret");
          }
          return new Credentials(id.trim(), secret.trim());
        }
      default:
        throw new IllegalStateException(
            "No Genesys credentials configured: use withCredentials(id, secret),"
                + " withCredentialsFromEnvironment() or withCredentialsFile(path)");
    }
  }

  @Override
  public final String toString() {
    return "ConnectionSettings{apiBaseUrl="
        + apiBaseUrl()
        + ", oauthBaseUrl="
        + oauthBaseUrl()
        + ", credentials="
        + (credentialSource() == CredentialSource.FILE
            ? "file:" + credentialsFile()
            : credentialSource().name().toLowerCase(java.util.Locale.ROOT))
        + ", rateLimitPerMinute="
        + rateLimitPerMinute()
        + ", connectTimeout="
        + connectTimeout()
        + ", readTimeout="
        + readTimeout()
        + ", aggregatesReadTimeout="
        + aggregatesReadTimeout()
        + ", maxRetries="
        + maxRetries()
        + ", maxRetryAfter="
        + maxRetryAfter()
        + ", circuitBreakerThreshold="
        + circuitBreakerThreshold()
        + ", jobPollInterval="
        + jobPollInterval()
        + "}";
  }

  /** A resolved client id and secret; its toString hides the secret. */
  record Credentials(String clientId, String clientSecret) {
    @Override
    public String toString() {
      return "Credentials{clientId=" + clientId + ", clientSecret=***}";
    }
  }

  private static boolean isBlank(String s) {
    return s == null || s.isBlank();
  }

  private static void checkPositive(int value, String name) {
    if (value <= 0) {
      throw new IllegalArgumentException(name + " must be > 0, got " + value);
    }
  }

  private static Duration checkPositive(Duration value, String name) {
    if (value == null || value.isNegative() || value.isZero()) {
      throw new IllegalArgumentException(name + " must be a positive duration, got " + value);
    }
    return value;
  }

  @AutoValue.Builder
  abstract static class Builder {
    abstract Builder setApiBaseUrl(String value);

    abstract Builder setOauthBaseUrl(String value);

    abstract Builder setCredentialSource(CredentialSource value);

    abstract Builder setExplicitClientId(@Nullable String value);

    abstract Builder setExplicitClientSecret(@Nullable String value);

    abstract Builder setCredentialsFile(@Nullable String value);

    abstract Builder setRateLimitPerMinute(int value);

    abstract Builder setConnectTimeout(Duration value);

    abstract Builder setReadTimeout(Duration value);

    abstract Builder setAggregatesReadTimeout(Duration value);

    abstract Builder setMaxRetries(int value);

    abstract Builder setMaxRetryAfter(Duration value);

    abstract Builder setCircuitBreakerThreshold(int value);

    abstract Builder setCircuitBreakerCoolDown(Duration value);

    abstract Builder setJobPollInterval(Duration value);

    abstract ConnectionSettings build();
  }
}
