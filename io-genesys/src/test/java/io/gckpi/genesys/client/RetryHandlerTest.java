package io.gckpi.genesys.client;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import com.google.api.client.http.GenericUrl;
import com.google.api.client.http.HttpRequest;
import com.google.api.client.http.HttpResponse;
import com.google.api.client.http.LowLevelHttpRequest;
import com.google.api.client.http.LowLevelHttpResponse;
import com.google.api.client.testing.http.MockHttpTransport;
import com.google.api.client.testing.http.MockLowLevelHttpRequest;
import com.google.api.client.testing.http.MockLowLevelHttpResponse;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.junit.runners.JUnit4;

/**
 * {@link RetryHandler} in google-http-client's own request loop over its {@link
 * MockHttpTransport}: the waits are Retry-After or the backoff (0.5 s doubling, no jitter here), a
 * daily-quota Retry-After stops at once, a 401 renews the token once, an opened breaker stops the
 * retries, and a reset connection is retried like a 503.
 */
@RunWith(JUnit4.class)
public class RetryHandlerTest {
  private static final String WHAT = "POST /api/v2/analytics/conversations/details/jobs";

  private final FakeClock clock = new FakeClock(1_700_000_000_000L);
  private final Deque<Object> answers = new ArrayDeque<>();
  private final AtomicInteger sent = new AtomicInteger();
  private final AtomicInteger renewals = new AtomicInteger();

  private final MockHttpTransport transport = new MockHttpTransport() {
    @Override
    public LowLevelHttpRequest buildRequest(String method, String url) {
      return new MockLowLevelHttpRequest(url) {
        @Override
        public LowLevelHttpResponse execute() throws IOException {
          sent.incrementAndGet();
          Object next = answers.poll();
          if (next instanceof IOException e) {
            throw e;
          }
          return (LowLevelHttpResponse) next;
        }
      };
    }
  };

  private void answer(int status, String... headers) {
    MockLowLevelHttpResponse response =
        new MockLowLevelHttpResponse().setStatusCode(status).setContent("{}");
    for (int i = 0; i < headers.length; i += 2) {
      response.addHeader(headers[i], headers[i + 1]);
    }
    answers.add(response);
  }

  private HttpResponse send(RetryHandler handler) throws IOException {
    HttpRequest request = transport.createRequestFactory()
        .buildGetRequest(new GenericUrl("http://genesys.test/api"));
    request.setThrowExceptionOnExecuteError(false);
    return handler.attachTo(request).execute();
  }

  private RetryHandler handler(ConnectionSettings settings, CircuitBreaker breaker) {
    return new RetryHandler(WHAT, settings, breaker, ClientListener.NONE,
        GenesysClient.backOff(0), clock, renewals::incrementAndGet, headers -> {});
  }

  private static ConnectionSettings settings() {
    return ConnectionSettings.forBaseUrl("http://genesys.test").withMaxRetries(4);
  }

  private CircuitBreaker breaker(int threshold) {
    return new CircuitBreaker(threshold, 60_000, clock);
  }

  @Test
  public void retryAfterIsWaitedAsGivenAndOtherwiseTheBackoffDoubles() throws IOException {
    answer(429, "Retry-After", "3", "ININ-Correlation-Id", "c-1");
    answer(503);
    answer(429);
    answer(200);
    RetryHandler handler = handler(settings(), breaker(10));
    assertEquals(200, send(handler).getStatusCode());
    // The backoff advances on every retry: 0.5 s (not used, Retry-After given), 1 s, 2 s.
    assertEquals(List.of(3_000L, 1_000L, 2_000L), clock.sleeps);
    assertEquals(4, sent.get());
    assertFalse(handler.gaveUp());
  }

  @Test
  public void aDailyQuotaWaitFailsTheCallWithoutWaiting() throws IOException {
    answer(429, "Retry-After", "7200", "ININ-Correlation-Id", "c-quota");
    RetryHandler handler =
        handler(settings().withMaxRetryAfter(Duration.ofMinutes(5)), breaker(10));
    assertEquals(429, send(handler).getStatusCode());
    GenesysApiException failure = handler.failure();
    assertNotNull(failure);
    assertFalse(failure.isRetryable());
    assertEquals("c-quota", failure.getCorrelationId());
    assertTrue(failure.getMessage(), failure.getMessage().contains("Retry-After 7200 s"));
    assertEquals(List.of(), clock.sleeps);
  }

  @Test
  public void a401RenewsTheTokenOnceAndASecondIsFinal() throws IOException {
    answer(401);
    answer(401);
    RetryHandler handler = handler(settings(), breaker(10));
    assertEquals(401, send(handler).getStatusCode());
    assertEquals(1, renewals.get());
    assertTrue(handler.tokenRenewed());
    assertEquals(2, sent.get());
    assertEquals(List.of(), clock.sleeps);
  }

  @Test
  public void serverErrorsStopWhenTheBreakerOpensOrTheRetriesAreUsedUp() throws IOException {
    for (int i = 0; i < 3; i++) {
      answer(502);
    }
    RetryHandler opened = handler(settings(), breaker(3));
    assertEquals(502, send(opened).getStatusCode());
    assertTrue(opened.failure().getMessage().contains("Circuit breaker opened after 3"));
    assertEquals(3, sent.get());

    answers.clear();
    for (int i = 0; i < 3; i++) {
      answer(504);
    }
    RetryHandler limited = handler(settings().withMaxRetries(2), breaker(10));
    assertEquals(504, send(limited).getStatusCode());
    assertTrue(limited.gaveUp());
    assertTrue(limited.gaveUpError(504, "c-9", null).getMessage().contains("after 2 retries"));
    // A 400 is final at once.
    answer(400);
    assertEquals(400, send(handler(settings(), breaker(10))).getStatusCode());
  }

  @Test
  public void aResetConnectionIsRetriedAndTheLastFailureSurfacesWhenRetriesRunOut()
      throws IOException {
    answers.add(new IOException("Connection reset"));
    answer(200);
    assertEquals(200, send(handler(settings(), breaker(10))).getStatusCode());
    assertEquals(List.of(500L), clock.sleeps);

    for (int i = 0; i < 3; i++) {
      answers.add(new IOException("Connection reset"));
    }
    RetryHandler limited = handler(settings().withMaxRetries(2), breaker(10));
    assertThrows(IOException.class, () -> send(limited));
    assertTrue(limited.gaveUp());
  }
}
