package io.gckpi.genesys.testing;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import io.gckpi.genesys.Interval;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.junit.runners.JUnit4;

@RunWith(JUnit4.class)
public class FaultsTest {
  @Test
  public void parsesTheCommandLineNames() {
    Faults f =
        Faults.parse(
            "429,5xx=0.2,reset,slow=200,truncate,drop-page,expire-cursor=30,job-failed=0.5,"
                + "changing,resegment,storm,retry-after=3600,"
                + "fail-window=2024-01-15T00:00:00Z/2024-01-16T00:00:00Z,fail-page-once=3");
    assertEquals(0.1, f.tooManyRequestsShare(), 0);
    assertEquals(0.2, f.serverErrorShare(), 0);
    assertEquals(0.05, f.resetShare(), 0);
    assertEquals(200, f.slowMs());
    assertTrue(f.truncate());
    assertEquals(1, f.dropPage());
    assertEquals(30, f.expireCursorSeconds());
    assertEquals(0.5, f.jobFailedShare(), 0);
    assertTrue(f.changing());
    assertTrue(f.resegment());
    assertTrue(f.storm());
    assertEquals(3600, f.retryAfterSeconds());
    assertEquals(Interval.parse("2024-01-15T00:00:00Z/2024-01-16T00:00:00Z"), f.failWindow());
    assertEquals(3, f.failPageOnce());
    assertEquals(Faults.none(), Faults.parse(""));
  }

  @Test
  public void rejectsUnknownNamesAndBadValuesWithTheKnownNames() {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> Faults.parse("429,flaky"));
    assertTrue(e.getMessage(), e.getMessage().contains("flaky") && e.getMessage().contains("5xx"));
    assertThrows(IllegalArgumentException.class, () -> Faults.parse("5xx=2"));
    assertThrows(IllegalArgumentException.class, () -> Faults.parse("slow=fast"));
  }
}
