package io.gckpi.genesys.client;

import java.io.Serializable;

/**
 * Makes the {@link GenesysApi} one reader instance talks to. It travels with the read to every
 * worker, hence serializable, and is called once per DoFn instance in its setup: the default,
 * {@link #http}, opens a {@link GenesysClient}; tests pass an in-memory API or a client over
 * google-http-client's {@code MockHttpTransport} instead of a server.
 */
@FunctionalInterface
public interface GenesysApiFactory extends Serializable {

  /** A new API for one reader; {@code listener} receives what it does, for the read's metrics. */
  GenesysApi create(ClientListener listener);

  /** The real API over HTTP, with {@code settings}' credentials, limits and retries. */
  static GenesysApiFactory http(ConnectionSettings settings) {
    return listener -> GenesysClient.create(settings, listener);
  }
}
