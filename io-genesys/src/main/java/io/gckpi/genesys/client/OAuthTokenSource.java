package io.gckpi.genesys.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.api.client.http.ByteArrayContent;
import com.google.api.client.http.GenericUrl;
import com.google.api.client.http.HttpRequest;
import com.google.api.client.http.HttpRequestFactory;
import com.google.api.client.http.HttpResponse;
import com.google.api.client.util.BackOff;
import io.gckpi.genesys.client.ConnectionSettings.Credentials;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.function.Supplier;
import org.checkerframework.checker.nullness.qual.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The OAuth client-credentials token of one client: {@code POST /oauth/token} with the client id
 * and secret as Basic authorization. Genesys issues no refresh token, so the token is cached and
 * asked for again 60 s (or half its life, if shorter) before it expires; {@link #invalidate} drops
 * it when an API call answers 401, so that the next call asks for a new one. A 429 or 5xx of the
 * OAuth server is retried like any call ({@link RetryHandler}); a refusal of the credentials is
 * final and says what to check.
 */
final class OAuthTokenSource {
  private static final Logger LOG = LoggerFactory.getLogger(OAuthTokenSource.class);
  private static final String PATH = "/oauth/token";
  private static final long RENEWAL_MARGIN_MILLIS = 60_000;

  private final ConnectionSettings settings;
  private final Credentials credentials;
  private final HttpRequestFactory requests;
  private final ClientListener listener;
  private final ClientClock clock;
  private final Supplier<BackOff> backOffs;
  private final ObjectMapper mapper = new ObjectMapper();

  private @Nullable String token;
  private long renewAtMillis;

  OAuthTokenSource(ConnectionSettings settings, Credentials credentials,
      HttpRequestFactory requests, ClientListener listener, ClientClock clock,
      Supplier<BackOff> backOffs) {
    this.settings = settings;
    this.credentials = credentials;
    this.requests = requests;
    this.listener = listener;
    this.clock = clock;
    this.backOffs = backOffs;
  }

  /** Forgets the token: Genesys answered 401 with it. */
  synchronized void invalidate() {
    token = null;
  }

  /** The cached token, or a new one when there is none or it is due for renewal. */
  synchronized String token() {
    if (token != null && clock.nowMillis() < renewAtMillis) {
      return token;
    }
    String basic = Base64.getEncoder().encodeToString(
        (credentials.clientId() + ":" + credentials.clientSecret())
            .getBytes(StandardCharsets.UTF_8));
    RetryHandler retries = new RetryHandler("POST " + PATH, settings, null, listener,
        backOffs.get(), clock, null, headers -> {});
    HttpResponse response;
    try {
      HttpRequest request = requests.buildPostRequest(
          new GenericUrl(settings.oauthBaseUrl() + PATH),
          new ByteArrayContent("application/x-www-form-urlencoded",
              "grant_type=client_credentials".getBytes(StandardCharsets.UTF_8)));
      GenesysHttp.configure(request, settings, settings.readTimeout());
      request.getHeaders().setAuthorization("Basic " + basic);
      request.setInterceptor(r -> listener.onRequest("POST", PATH));
      response = retries.attachTo(request).execute();
    } catch (IOException e) {
      throw new GenesysApiException(
          "Cannot reach the Genesys OAuth server at " + settings.oauthBaseUrl() + ": " + e,
          0, null, true, e);
    }
    try {
      int status = response.getStatusCode();
      String correlationId = RetryHandler.correlationId(response.getHeaders());
      if (status == 200) {
        return accept(mapper.readTree(response.getContent()), correlationId);
      }
      if (retries.failure() != null) {
        throw retries.failure();
      }
      String message = Answers.genesysMessage(response);
      boolean transientFailure = status == 429 || status >= 500;
      LOG.error("OAuth token request for client {} failed with {} (correlation id {})",
          credentials.clientId(), status, correlationId);
      throw new GenesysApiException(
          transientFailure
              ? "The Genesys OAuth server keeps failing (" + status + "): " + message
                  + RetryHandler.quoting(correlationId)
              : "Genesys OAuth refused the client credentials for client id "
                  + credentials.clientId() + " (" + status + "): check the client id and"
                  + " secret and that the OAuth client uses the Client Credentials grant: "
                  + message + RetryHandler.quoting(correlationId),
          status, correlationId, transientFailure);
    } catch (IOException e) {
      throw new GenesysApiException(
          "Unreadable answer from the Genesys OAuth server: " + e.getMessage(), 0, null, true, e);
    } finally {
      Answers.disconnectQuietly(response);
    }
  }

  private String accept(JsonNode answer, @Nullable String correlationId) {
    String issued = answer.path("access_token").asText(null);
    long expiresInMillis = answer.path("expires_in").asLong(0) * 1000;
    if (issued == null || expiresInMillis <= 0) {
      throw new GenesysApiException(
          "The OAuth server's answer has no access_token or expires_in", 200, correlationId,
          true);
    }
    token = issued;
    renewAtMillis = clock.nowMillis() + expiresInMillis
        - Math.min(RENEWAL_MARGIN_MILLIS, expiresInMillis / 2);
    return issued;
  }
}
