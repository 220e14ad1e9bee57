package io.gckpi.genesys.client;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotSame;
import static org.junit.Assert.assertSame;
import static org.junit.Assert.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.Test;

public class RateLimiterTest {

  @Test
  public void nRequestsTakeAtLeastTheTimeTheLimitAllows() throws Exception {
    FakeClock clock = new FakeClock(1_000_000);
    // 120/min = one every 500 ms, burst 2: 2 go at once, the other 98 need 98 * 500 ms.
    RateLimiter limiter = new RateLimiter(120, 2, clock);
    long waited = 0;
    for (int i = 0; i < 100; i++) {
      waited += limiter.acquire();
    }
    assertEquals(49_000, clock.nowMillis() - 1_000_000);
    assertEquals(49_000, waited);
  }

  @Test
  public void neverMoreThanTheLimitInAnySixtySeconds() throws Exception {
    FakeClock clock = new FakeClock(0);
    // 60/min with a burst of 10: the bucket alone would send 10 at once, then one a second, so 70
    // in the first minute. The next request after the 60th waits until the first is a minute old.
    RateLimiter limiter = new RateLimiter(60, 10, clock);
    List<Long> sentAt = new ArrayList<>();
    for (int i = 0; i < 200; i++) {
      limiter.acquire();
      sentAt.add(clock.nowMillis());
    }
    for (int i = 60; i < sentAt.size(); i++) {
      assertTrue("request " + i + " at " + sentAt.get(i) + " makes 61 in 60 s",
          sentAt.get(i) - sentAt.get(i - 60) >= 60_000 + RateLimiter.WINDOW_MARGIN_MILLIS);
    }
    // Still the full rate over time: 200 requests in about 200 s, not 200 s plus the bursts.
    long last = sentAt.get(sentAt.size() - 1);
    assertTrue("200 requests took " + last + " ms", last <= 200_000 + 3 * 600);
  }

  @Test
  public void anIdleBucketRefillsOnlyUpToItsBurst() throws Exception {
    FakeClock clock = new FakeClock(0);
    RateLimiter limiter = new RateLimiter(60, 3, clock);
    clock.advance(600_000);
    long start = clock.nowMillis();
    for (int i = 0; i < 6; i++) {
      limiter.acquire();
    }
    // 3 from the burst, 3 more at one a second.
    assertEquals(3_000, clock.nowMillis() - start);
  }

  @Test
  public void pacesTheRemainingBudgetWhenTheServerCountNearsTheAllowance() throws Exception {
    FakeClock clock = new FakeClock(0);
    RateLimiter limiter = new RateLimiter(6_000, 10, clock);
    // Other clients used 290 of 300; 10 left, resetting in 33 s: one every 3 s.
    limiter.observe(300, 290, 33_000);
    long start = clock.nowMillis();
    for (int i = 0; i < 10; i++) {
      limiter.acquire();
    }
    // The answer that reported the count came just now: 10 more at 3 s spacing, the last at 30 s.
    assertEquals(30_000, clock.nowMillis() - start);
    assertTrue(clock.nowMillis() < 33_000);
  }

  @Test
  public void doesNotPaceBelowEightyPercent() throws Exception {
    FakeClock clock = new FakeClock(0);
    RateLimiter limiter = new RateLimiter(6_000, 10, clock);
    limiter.observe(300, 239, 33_000);
    for (int i = 0; i < 10; i++) {
      limiter.acquire();
    }
    assertEquals(0, clock.nowMillis());
  }

  @Test
  public void clientsOfOneOAuthClientShareOneBucket() {
    RateLimiter a = RateLimiter.shared("http://127.0.0.1:1", "client-a", 300);
    RateLimiter b = RateLimiter.shared("http://127.0.0.1:1", "client-a", 300);
    RateLimiter other = RateLimiter.shared("http://127.0.0.1:1", "client-b", 300);
    assertSame(a, b);
    assertNotSame(a, other);
  }
}
