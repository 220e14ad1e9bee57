package io.gckpi.genesys.client;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import org.junit.Test;

public class CircuitBreakerTest {

  @Test
  public void opensAfterThresholdConsecutiveErrorsAndFailsFastUntilCoolDown() {
    FakeClock clock = new FakeClock(0);
    CircuitBreaker breaker = new CircuitBreaker(3, 10_000, clock);
    assertFalse(breaker.recordServerError());
    assertFalse(breaker.recordServerError());
    breaker.checkClosed("GET /x");
    assertTrue(breaker.recordServerError());
    assertTrue(breaker.isOpen());

    clock.advance(4_000);
    GenesysApiException e =
        assertThrows(GenesysApiException.class, () -> breaker.checkClosed("GET /x"));
    assertTrue(e.getMessage(), e.getMessage().contains("Circuit breaker open: 3 consecutive"));
    assertTrue(e.getMessage(), e.getMessage().contains("another 6000 ms"));
    assertTrue(e.isRetryable());

    clock.advance(6_000);
    breaker.checkClosed("GET /x"); // half open: one call may try
    breaker.recordSuccess();
    assertFalse(breaker.isOpen());
    assertEquals(0, breaker.consecutiveFailures());
  }

  @Test
  public void aSuccessInBetweenResetsTheCount() {
    CircuitBreaker breaker = new CircuitBreaker(3, 10_000, new FakeClock(0));
    breaker.recordServerError();
    breaker.recordServerError();
    breaker.recordSuccess();
    breaker.recordServerError();
    breaker.recordServerError();
    assertFalse(breaker.isOpen());
    assertEquals(2, breaker.consecutiveFailures());
  }

  @Test
  public void aFailureAfterCoolDownReopensAtOnce() {
    FakeClock clock = new FakeClock(0);
    CircuitBreaker breaker = new CircuitBreaker(2, 1_000, clock);
    breaker.recordServerError();
    assertTrue(breaker.recordServerError());
    clock.advance(1_000);
    assertFalse(breaker.isOpen());
    assertTrue(breaker.recordServerError());
    assertTrue(breaker.isOpen());
  }
}
