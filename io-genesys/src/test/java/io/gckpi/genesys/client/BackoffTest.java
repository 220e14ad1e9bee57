package io.gckpi.genesys.client;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import org.junit.Test;

public class BackoffTest {

  @Test
  public void ceilingDoublesFromBaseUntilTheCap() {
    Backoff backoff = new Backoff(500, 30_000, bound -> bound);
    assertEquals(500, backoff.ceilingMillis(1));
    assertEquals(1_000, backoff.ceilingMillis(2));
    assertEquals(2_000, backoff.ceilingMillis(3));
    assertEquals(16_000, backoff.ceilingMillis(6));
    assertEquals(30_000, backoff.ceilingMillis(7));
    assertEquals(30_000, backoff.ceilingMillis(500));
  }

  @Test
  public void fullJitterStaysWithinZeroAndTheCeilingAndUsesTheRange() {
    Backoff backoff = Backoff.withJitter(500, 30_000);
    for (int attempt = 1; attempt <= 10; attempt++) {
      long ceiling = backoff.ceilingMillis(attempt);
      long min = Long.MAX_VALUE;
      long max = Long.MIN_VALUE;
      for (int i = 0; i < 2_000; i++) {
        long delay = backoff.delayMillis(attempt);
        assertTrue("delay " + delay + " over " + ceiling, delay >= 0 && delay <= ceiling);
        min = Math.min(min, delay);
        max = Math.max(max, delay);
      }
      // Full jitter: draws cover the whole range, not just the top of it.
      assertTrue("attempt " + attempt + " min " + min, min < ceiling / 10);
      assertTrue("attempt " + attempt + " max " + max, max > ceiling * 9 / 10);
    }
  }

  @Test
  public void rejectsABaseAboveTheCap() {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> new Backoff(1_000, 10, b -> b));
    assertTrue(e.getMessage().contains("base=1000 cap=10"));
  }
}
