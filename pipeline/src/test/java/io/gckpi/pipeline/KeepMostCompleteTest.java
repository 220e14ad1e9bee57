package io.gckpi.pipeline;

import static org.junit.Assert.assertEquals;

import io.gckpi.genesys.BestCopyPerId;
import io.gckpi.genesys.RawConversation;
import io.gckpi.genesys.client.ConversationKeys;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.beam.sdk.PipelineResult;
import org.apache.beam.sdk.metrics.MetricNameFilter;
import org.apache.beam.sdk.metrics.MetricResult;
import org.apache.beam.sdk.metrics.MetricsFilter;
import org.apache.beam.sdk.testing.PAssert;
import org.apache.beam.sdk.testing.TestPipeline;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.values.PCollection;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;
import org.junit.runner.RunWith;
import org.junit.runners.JUnit4;

/**
 * The raw input's de-duplication, against copies built by hand: of three copies of a
 * conversation the closed one with the later end is kept, an open copy never beats a closed one,
 * conversations of other days and other shards are all kept, identical unreadable lines collapse
 * while different ones stay apart, and the dropped copies are counted; the same in any number of
 * shards a day, which grow with the input's size.
 */
@RunWith(JUnit4.class)
public class KeepMostCompleteTest {
  private static final long DAY = 86_400_000L;
  private static final long T0 = 1_705_312_800_000L; // 2024-01-15T10:00:00Z

  @Rule public final transient TestPipeline pipeline = TestPipeline.create();
  @Rule public final transient TemporaryFolder folder = new TemporaryFolder();

  /** A record's text with the fields the de-duplication reads, the end last as Genesys does. */
  private static String copy(String id, long startMs, Long endMs) {
    return "{\"conversationId\":\"" + id + "\",\"conversationStart\":\""
        + Instant.ofEpochMilli(startMs) + "\",\"participants\":[]"
        + (endMs == null ? "" : ",\"conversationEnd\":\"" + Instant.ofEpochMilli(endMs) + "\"")
        + "}";
  }

  @Test
  public void keepsTheMostCompleteCopyOfEachConversationAndCountsTheRest() {
    assertKeepsTheMostCompleteCopies(KeepMostComplete.create());
  }

  /** Shards only cut the work: in three shards a day or in the most, the same copies are kept. */
  @Test
  public void keepsTheSameCopiesInAnyNumberOfShards() {
    assertKeepsTheMostCompleteCopies(
        KeepMostComplete.create().withShardsPerDay(3));
  }

  @Test
  public void keepsTheSameCopiesInTheMostShards() {
    assertKeepsTheMostCompleteCopies(
        KeepMostComplete.create().withShardsPerDay(BestCopyPerId.MAX_SHARDS_PER_DAY));
  }

  /**
   * The input's text is its files' sizes, a compressed file counted at its text's size; files
   * that cannot be listed leave the default.
   */
  @Test
  public void sizesTheShardsByTheInput() throws Exception {
    Path day = folder.newFolder("day").toPath();
    Files.write(day.resolve("part-1.ndjson"), new byte[1_000]);
    Files.write(day.resolve("part-2.ndjson.gz"), new byte[100]);
    Files.write(day.resolve("part-3.ndjson.bz2"), new byte[10]);
    assertEquals(1_000 + 110 * KeepMostComplete.COMPRESSION_RATIO,
        KeepMostComplete.textBytes(day.resolve("part-*").toString()));
    assertEquals(16, KeepMostComplete.shardsPerDayFor(day.resolve("nothing-*").toString()));
    Files.write(day.resolve("big.ndjson.gz"), new byte[(int) (BestCopyPerId.SHARD_BYTES * 5)]);
    // 40 targets of text: more than the 16 of the default.
    assertEquals(40, KeepMostComplete.shardsPerDayFor(day.resolve("big*").toString()));
  }

  private void assertKeepsTheMostCompleteCopies(KeepMostComplete keepMostComplete) {
    List<String> input = new ArrayList<>();
    input.add(copy("a", T0, null));
    input.add(copy("a", T0, T0 + 60_000));
    input.add(copy("a", T0, T0 + 90_000));
    input.add(copy("b", T0 + 1_000, T0 + 5_000));
    input.add(copy("b", T0 + 1_000, null));
    // Sixty single conversations over three days, spread over the shards of each.
    for (int i = 0; i < 60; i++) {
      input.add(copy("single-" + i, T0 + (i % 3) * DAY + i, T0 + (i % 3) * DAY + i + 1));
    }
    input.add("not json");
    input.add("not json");
    input.add("{\"conversationStart\":\"garbled\"}");
    PCollection<RawConversation> kept =
        pipeline.apply(Create.of(input)).apply(keepMostComplete);
    PAssert.that(kept)
        .satisfies(
            copies -> {
              Map<String, String> byId = new HashMap<>();
              List<String> unreadable = new ArrayList<>();
              int count = 0;
              for (RawConversation copy : copies) {
                String record = copy.getRawJson();
                String id = ConversationKeys.of(record).conversationId();
                if (id == null) {
                  unreadable.add(record);
                } else {
                  byId.put(id, record);
                }
                count++;
              }
              assertEquals(64, count);
              assertEquals(62, byId.size());
              assertEquals(copy("a", T0, T0 + 90_000), byId.get("a"));
              assertEquals(copy("b", T0 + 1_000, T0 + 5_000), byId.get("b"));
              assertEquals(copy("single-59", T0 + 2 * DAY + 59, T0 + 2 * DAY + 59 + 1),
                  byId.get("single-59"));
              assertEquals(
                  List.of("not json", "{\"conversationStart\":\"garbled\"}"),
                  unreadable.stream().sorted().toList());
              return null;
            });
    PipelineResult result = pipeline.run();
    result.waitUntilFinish();
    Iterable<MetricResult<Long>> duplicates =
        result
            .metrics()
            .queryMetrics(
                MetricsFilter.builder()
                    .addNameFilter(
                        MetricNameFilter.named(RunSummary.NAMESPACE, RunCounters.DUPLICATES))
                    .build())
            .getCounters();
    long dropped = 0;
    for (MetricResult<Long> counter : duplicates) {
      dropped += counter.getAttempted();
    }
    assertEquals(4, dropped);
  }
}
