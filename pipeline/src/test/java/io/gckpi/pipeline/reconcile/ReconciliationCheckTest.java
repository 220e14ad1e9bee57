package io.gckpi.pipeline.reconcile;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import io.gckpi.genesys.Interval;
import java.time.Instant;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.junit.runners.JUnit4;

@RunWith(JUnit4.class)
public class ReconciliationCheckTest {
  private static final Interval DAY =
      Interval.parse("2024-01-15T00:00:00Z/2024-01-16T00:00:00Z");
  private static final ReconciliationCheck CHECK = new ReconciliationCheck(DAY, 0.005);

  private static OfferedBucket at(String instant) {
    return OfferedBucket.of(Instant.parse(instant).toEpochMilli(), "q1", "voice");
  }

  @Test
  public void bucketsByThirtyMinutesOfEmitTime() {
    assertEquals(
        Instant.parse("2024-01-15T10:30:00Z").toEpochMilli(),
        at("2024-01-15T10:59:59.999Z").getBucketStartMs());
    assertTrue(CHECK.covers(at("2024-01-15T23:59:00Z")));
    assertFalse(CHECK.covers(at("2024-01-16T00:00:00Z")));
  }

  @Test
  public void withinToleranceIsRecordedNotBreached() {
    // 1000 offered by the API, 996 extracted: 0.4 % < 0.5 %.
    ReconciliationRow row = CHECK.compare(at("2024-01-15T10:00:00Z"), 996, 1000);
    assertFalse(row.getBreached());
    assertEquals(-0.004, row.getVariance(), 1e-12);
    assertEquals("2024-01-15T10:00:00.000Z", row.getBucketStart());
  }

  @Test
  public void missingConversationsBeyondToleranceBreach() {
    // 6 of 1000 missing: 0.6 % > 0.5 %.
    assertTrue(CHECK.compare(at("2024-01-15T10:00:00Z"), 994, 1000).getBreached());
    // Extracted but unknown to the API is a breach too (double counting).
    assertTrue(CHECK.compare(at("2024-01-15T10:00:00Z"), 10, 0).getBreached());
  }

  @Test
  public void firstBucketAllowsCarryOverFromBeforeTheInterval() {
    // Conversations started before midnight and offered after it are in the API only.
    assertFalse(CHECK.compare(at("2024-01-15T00:10:00Z"), 40, 43).getBreached());
    assertTrue(CHECK.compare(at("2024-01-15T00:10:00Z"), 45, 43).getBreached());
    assertTrue(CHECK.compare(at("2024-01-15T00:30:00Z"), 40, 43).getBreached());
  }

  @Test
  public void malformedRecordsExplainAnApiExcessOnlyUpToTheirNumber() {
    // 5 offered by the API, 4 interaction rows: one malformed record (Genesys counts it) makes
    // the cell agree; the variance stays that of the rows alone.
    ReconciliationRow explained = CHECK.compare(at("2024-01-15T10:00:00Z"), 4, 5, 1);
    assertFalse(explained.getBreached());
    assertEquals(1, explained.getExplainedByMalformed());
    assertEquals(-0.2, explained.getVariance(), 1e-12);
    // Two missing and only one malformed: still a breach.
    assertTrue(CHECK.compare(at("2024-01-15T10:00:00Z"), 3, 5, 1).getBreached());
  }

  @Test
  public void offeredQueueLegsOfAnInteractionRowAreItsCells() {
    // A consult to a second queue: offered in q1 at 10:00:05 and in q2 at 10:31:00.
    assertEquals(
        java.util.List.of(at("2024-01-15T10:00:05Z"),
            OfferedBucket.of(Instant.parse("2024-01-15T10:31:00Z").toEpochMilli(), "q2",
                "voice")),
        OfferedBucket.ofLegs(java.util.List.of(
            "q1@voice@" + Instant.parse("2024-01-15T10:00:05Z").toEpochMilli(),
            "q2@voice@" + Instant.parse("2024-01-15T10:31:00Z").toEpochMilli())));
    assertEquals(java.util.List.of(), OfferedBucket.ofLegs(null));
  }

  @Test
  public void toleranceMustBeAFraction() {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> new ReconciliationCheck(DAY, 5));
    assertTrue(e.getMessage().contains("--reconcileTolerance"));
  }
}
