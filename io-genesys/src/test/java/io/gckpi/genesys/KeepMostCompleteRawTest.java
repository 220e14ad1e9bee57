package io.gckpi.genesys;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.beam.sdk.testing.PAssert;
import org.apache.beam.sdk.testing.TestPipeline;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.values.PCollection;
import org.junit.Rule;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.junit.runners.JUnit4;

/**
 * The read's de-duplication against copies built by hand: closed beats open, then the later end,
 * then the later fetch, then the earlier window; records without an id collapse when identical and
 * stay apart when not; every other record of any day is kept once.
 */
@RunWith(JUnit4.class)
public class KeepMostCompleteRawTest {
  private static final long DAY = 86_400_000L;
  private static final long T0 = 1_705_312_800_000L; // 2024-01-15T10:00:00Z
  private static final String W1 = "2024-01-15T10:00:00Z/2024-01-15T11:00:00Z";
  private static final String W2 = "2024-01-15T11:00:00Z/2024-01-15T12:00:00Z";

  @Rule public final transient TestPipeline pipeline = TestPipeline.create();

  private static RawConversation record(String id, String json, String window, Long endMs) {
    return RawConversation.create(id, json, window, T0, endMs, T0);
  }

  @Test
  public void refusesShardsThatCannotHoldADay() {
    IllegalArgumentException refused =
        assertThrows(
            IllegalArgumentException.class, () -> KeepMostCompleteRaw.create().withShardsPerDay(0));
    assertEquals("shards per day must be positive; got 0", refused.getMessage());
  }

  /** A day's ids spread over exactly the shards asked for; another day's shards are its own. */
  /**
   * A day is cut so that a shard's text stays near the target size: 16 up to 16 targets' worth,
   * one more per target beyond, never more than the most.
   */
  @Test
  public void sizesADaysShardsByItsText() {
    long target = BestCopyPerId.SHARD_BYTES;
    assertEquals(16, BestCopyPerId.shardsPerDayFor(0L));
    assertEquals(16, BestCopyPerId.shardsPerDayFor(-1L));
    assertEquals(16, BestCopyPerId.shardsPerDayFor(16 * target));
    assertEquals(17, BestCopyPerId.shardsPerDayFor(16 * target + 1));
    assertEquals(70, BestCopyPerId.shardsPerDayFor(70 * target));
    assertEquals(1024, BestCopyPerId.shardsPerDayFor(Long.MAX_VALUE));
  }

  @Test
  public void shardsADayIntoAsManyShardsAsAsked() {
    for (int shards : new int[] {1, 16, 70}) {
      Set<String> day1 = new HashSet<>();
      Set<String> day2 = new HashSet<>();
      for (int i = 0; i < 5_000; i++) {
        day1.add(KeepMostCompleteRaw.shardOf(record("id-" + i, "{}", W1, null), shards));
        day2.add(KeepMostCompleteRaw.shardOf(
            RawConversation.create("id-" + i, "{}", W1, T0 + DAY, null, T0), shards));
      }
      assertEquals(shards, day1.size());
      assertEquals(shards, day2.size());
      assertTrue(Collections.disjoint(day1, day2));
    }
  }

  @Test
  public void keepsOneMostCompleteRecordPerConversation() {
    List<RawConversation> input = new ArrayList<>();
    input.add(record("a", "{\"open\":1}", W1, null));
    input.add(record("a", "{\"late\":1}", W2, T0 + 90_000));
    input.add(record("a", "{\"early\":1}", W1, T0 + 60_000));
    input.add(record("b", "{\"w2\":1}", W2, T0 + 5_000));
    input.add(record("b", "{\"w1\":1}", W1, T0 + 5_000));
    // Equally complete, fetched a minute apart: the later fetch wins over the earlier window.
    input.add(RawConversation.create("c", "{\"first fetch\":1}", W1, T0, T0 + 5_000, T0));
    input.add(RawConversation.create("c", "{\"second fetch\":1}", W2, T0, T0 + 5_000, T0 + 60_000));
    input.add(record("", "{\"broken\":1}", W1, null));
    input.add(record("", "{\"broken\":1}", W2, null));
    input.add(record("", "{\"other broken\":1}", W1, null));
    for (int i = 0; i < 60; i++) {
      input.add(RawConversation.create(
          "single-" + i, "{}", W1, T0 + (i % 3) * DAY + i, T0 + (i % 3) * DAY + i + 1, T0));
    }
    PCollection<RawConversation> kept =
        pipeline.apply(Create.of(input)).apply(KeepMostCompleteRaw.create());
    PAssert.that(kept)
        .satisfies(
            records -> {
              Map<String, RawConversation> byIdentity = new HashMap<>();
              int count = 0;
              for (RawConversation r : records) {
                byIdentity.put(KeepMostCompleteRaw.identity(r), r);
                count++;
              }
              assertEquals(65, count);
              assertEquals(65, byIdentity.size());
              assertEquals("{\"late\":1}", byIdentity.get("a").getRawJson());
              assertEquals(W1, byIdentity.get("b").getWindowId());
              assertEquals("{\"second fetch\":1}", byIdentity.get("c").getRawJson());
              long broken =
                  byIdentity.values().stream().filter(r -> r.getConversationId().isEmpty()).count();
              assertEquals(2, broken);
              return null;
            });
    pipeline.run().waitUntilFinish();
  }
}
