package io.gckpi.genesys.client;

/**
 * A Genesys API call that did not succeed. Carries the HTTP status (0 when no response came), the
 * message Genesys gave, and the {@code ININ-Correlation-Id} to quote to Genesys support.
 */
public class GenesysApiException extends RuntimeException {
  private final int status;
  private final String correlationId;
  private final boolean retryable;

  public GenesysApiException(
      String message, int status, String correlationId, boolean retryable, Throwable cause) {
    super(message, cause);
    this.status = status;
    this.correlationId = correlationId;
    this.retryable = retryable;
  }

  public GenesysApiException(String message, int status, String correlationId, boolean retryable) {
    this(message, status, correlationId, retryable, null);
  }

  /** HTTP status, or 0 for a failure without a response (reset, timeout, truncated body). */
  public int getStatus() {
    return status;
  }

  /** ININ-Correlation-Id of the failed response, or null. */
  public String getCorrelationId() {
    return correlationId;
  }

  /**
   * Whether the caller (a window retry, not the client's own retry loop) may try again later: true
   * for exhausted transient failures, false for bad requests, permissions and credentials.
   */
  public boolean isRetryable() {
    return retryable;
  }
}
