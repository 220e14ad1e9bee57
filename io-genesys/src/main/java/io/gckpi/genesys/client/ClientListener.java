package io.gckpi.genesys.client;

/**
 * Observes what a {@link GenesysClient} does, so that callers can count it (GenesysIO turns these
 * into Beam metrics) without the client knowing about metrics. Every method defaults to nothing.
 */
public interface ClientListener {

  ClientListener NONE = new ClientListener() {};

  /** An HTTP request is about to be sent (each attempt, OAuth included). */
  default void onRequest(String method, String path) {}

  /** A failed attempt will be retried after {@code sleepMillis}; attempt counts from 1. */
  default void onRetry(int status, int attempt, long sleepMillis) {}

  /** The server answered 429; {@code retryAfterMillis} is its Retry-After, or -1 when absent. */
  default void onRateLimited(long retryAfterMillis) {}

  /** The client's own rate limiter held a request back for {@code millis}. */
  default void onThrottled(long millis) {}

  /** A page of detail records was read. */
  default void onPage(int conversations) {}
}
