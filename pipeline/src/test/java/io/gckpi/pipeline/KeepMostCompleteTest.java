package io.gckpi.pipeline;

import static org.junit.Assert.assertEquals;

import io.gckpi.genesys.model.Conversation;
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
import org.junit.runner.RunWith;
import org.junit.runners.JUnit4;

/**
 * The raw input's de-duplication, against copies built by hand: of three copies of a
 * conversation the closed one with the later end is kept, an open copy never beats a closed one,
 * conversations of other days and other shards are all kept, and the dropped copies are counted.
 */
@RunWith(JUnit4.class)
public class KeepMostCompleteTest {
  private static final long DAY = 86_400_000L;
  private static final long T0 = 1_705_312_800_000L; // 2024-01-15T10:00:00Z

  @Rule public final transient TestPipeline pipeline = TestPipeline.create();

  private static Conversation copy(String id, long startMs, Long endMs) {
    return Conversation.builder()
        .setConversationId(id)
        .setConversationStartMs(startMs)
        .setConversationEndMs(endMs)
        .build();
  }

  @Test
  public void keepsTheMostCompleteCopyOfEachConversationAndCountsTheRest() {
    List<Conversation> input = new ArrayList<>();
    input.add(copy("a", T0, null));
    input.add(copy("a", T0, T0 + 60_000));
    input.add(copy("a", T0, T0 + 90_000));
    input.add(copy("b", T0 + 1_000, T0 + 5_000));
    input.add(copy("b", T0 + 1_000, null));
    // Sixty single conversations over three days: every shard of every day holds some.
    for (int i = 0; i < 60; i++) {
      input.add(copy("single-" + i, T0 + (i % 3) * DAY + i, T0 + (i % 3) * DAY + i + 1));
    }
    PCollection<Conversation> kept = pipeline.apply(Create.of(input)).apply(KeepMostComplete.create());
    PAssert.that(kept)
        .satisfies(
            conversations -> {
              Map<String, Long> endById = new HashMap<>();
              int count = 0;
              for (Conversation c : conversations) {
                endById.put(c.getConversationId(), c.getConversationEndMs());
                count++;
              }
              assertEquals(62, count);
              assertEquals(62, endById.size());
              assertEquals(Long.valueOf(T0 + 90_000), endById.get("a"));
              assertEquals(Long.valueOf(T0 + 5_000), endById.get("b"));
              assertEquals(Long.valueOf(T0 + 2 * DAY + 59 + 1), endById.get("single-59"));
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
    assertEquals(3, dropped);
  }
}
