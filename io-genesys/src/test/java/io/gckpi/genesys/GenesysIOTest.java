package io.gckpi.genesys;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import io.gckpi.genesys.InMemoryGenesysApi.Factory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.apache.beam.sdk.PipelineResult;
import org.apache.beam.sdk.metrics.GaugeResult;
import org.apache.beam.sdk.metrics.MetricNameFilter;
import org.apache.beam.sdk.metrics.MetricQueryResults;
import org.apache.beam.sdk.metrics.MetricResult;
import org.apache.beam.sdk.metrics.MetricsFilter;
import org.apache.beam.sdk.testing.PAssert;
import org.apache.beam.sdk.testing.TestPipeline;
import org.apache.beam.sdk.transforms.MapElements;
import org.apache.beam.sdk.transforms.SerializableFunction;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.TypeDescriptors;
import org.junit.Rule;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.junit.runners.JUnit4;

/**
 * The read's DoFns through {@link GenesysIO.Read#withApiFactory} over an in-memory API that
 * answers as Genesys documents its detail endpoints: in both modes every conversation starting in
 * the interval comes out once, failed requests are repeated, and a window that always fails is
 * reported while the others complete. No server, so these run in seconds.
 */
@RunWith(JUnit4.class)
public class GenesysIOTest {
  private static final Interval DAY2 =
      Interval.parse("2024-05-02T00:00:00Z/2024-05-03T00:00:00Z");

  @Rule public final transient TestPipeline pipeline = TestPipeline.create();

  private static Set<String> startingIn(Factory factory, Interval interval) {
    return new HashSet<>(
        new InMemoryGenesysApi(factory.conversations(), 100_000, 0).idsStartingIn(interval));
  }

  private static PCollection<String> ids(String name, GenesysIO.Result result) {
    return result.getRawConversations().apply(name + "Ids",
        MapElements.into(TypeDescriptors.strings()).via(RawConversation::getConversationId));
  }

  private static SerializableFunction<Iterable<String>, Void> exactly(Set<String> expected) {
    return ids -> {
      List<String> all = new ArrayList<>();
      ids.forEach(all::add);
      assertEquals("each id once", new HashSet<>(all).size(), all.size());
      assertEquals(expected, new HashSet<>(all));
      return null;
    };
  }

  @Test
  public void bothModesReadExactlyTheConversationsStartingInTheIntervalDespiteFailures() {
    // Three days, so that the day read has neighbours whose long conversations overlap it.
    Factory factory = new Factory(3, 12, 90, 7, null);
    Set<String> expected = startingIn(factory, DAY2);
    for (GenesysIO.Mode mode : GenesysIO.Mode.values()) {
      GenesysIO.Result result = pipeline.apply(mode.name(), GenesysIO.read()
          .withApiFactory(factory)
          .withInterval(DAY2)
          .withMode(mode)
          .withPageSize(mode == GenesysIO.Mode.JOBS ? 10 : 5)
          .withMaxAttemptsPerWindow(10));
      PAssert.that(mode.name() + " ids", ids(mode.name(), result)).satisfies(exactly(expected));
      PAssert.that(mode.name() + " failed", result.getFailedWindows()).empty();
      PAssert.that(mode.name() + " manifests", result.getManifests()).satisfies(manifests -> {
        long conversations = 0;
        int windows = 0;
        for (WindowManifest manifest : manifests) {
          assertEquals(mode.name(), manifest.getMode());
          conversations += manifest.getConversations();
          windows++;
        }
        assertEquals(24, windows);
        assertEquals(expected.size(), conversations);
        return null;
      });
    }
    pipeline.run().waitUntilFinish();
  }

  @Test
  public void aWindowThatAlwaysFailsIsReportedWhileTheOthersComplete() {
    Interval dead = Interval.parse("2024-05-02T06:00:00Z/2024-05-02T07:00:00Z");
    Factory factory = new Factory(3, 12, 5, 0, dead.toString());
    Set<String> expected = startingIn(factory, DAY2);
    expected.removeAll(startingIn(factory, dead));
    GenesysIO.Result result = pipeline.apply(GenesysIO.read()
        .withApiFactory(factory)
        .withInterval(DAY2)
        .withMode(GenesysIO.Mode.QUERY)
        .withMaxAttemptsPerWindow(3));
    PAssert.that(ids("", result)).satisfies(exactly(expected));
    PAssert.thatSingleton(result.getFailedWindows()).satisfies(failed -> {
      assertEquals(dead.toString(), failed.getWindowId());
      assertEquals(3, failed.getAttempts());
      assertEquals("corr-dead", failed.getCorrelationId());
      return null;
    });
    pipeline.run().waitUntilFinish();
  }

  /**
   * A read of 24 windows reports its progress as Beam metrics: on the DirectRunner (one JVM) the
   * gauges are the whole read's: every window done of 24, no time left, and the conversations
   * counter equal to the conversations the manifests say were read.
   */
  @Test
  public void theReadReportsItsProgressAsMetrics() {
    Factory factory = new Factory(3, 6, 5, 0, null);
    Set<String> expected = startingIn(factory, DAY2);
    GenesysIO.Result result = pipeline.apply(GenesysIO.read()
        .withApiFactory(factory)
        .withInterval(DAY2)
        .withPageSize(4)
        .withProgressInterval(Duration.ofMillis(50)));
    PAssert.that(ids("", result)).satisfies(exactly(expected));
    PipelineResult run = pipeline.run();
    run.waitUntilFinish();
    assertEquals(24, gauge(run, "windows_total"));
    assertEquals(24, gauge(run, "windows_done"));
    assertEquals(0, gauge(run, "seconds_left"));
    MetricQueryResults metrics = run.metrics().queryMetrics(MetricsFilter.builder()
        .addNameFilter(MetricNameFilter.named("gckpi.genesys", "conversations")).build());
    long conversations = 0;
    for (MetricResult<Long> counter : metrics.getCounters()) {
      conversations += counter.getAttempted();
    }
    assertEquals(expected.size(), conversations);
  }

  private static long gauge(PipelineResult run, String name) {
    MetricQueryResults metrics = run.metrics().queryMetrics(MetricsFilter.builder()
        .addNameFilter(MetricNameFilter.named("gckpi.genesys", name)).build());
    List<Long> values = new ArrayList<>();
    for (MetricResult<GaugeResult> gauge : metrics.getGauges()) {
      values.add(gauge.getAttempted().getValue());
    }
    assertEquals(name + " reported by the one read step", 1, values.size());
    return values.get(0);
  }

  @Test
  public void aReadNeedsConnectionSettingsOrAnApiFactory() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> GenesysIO.read().withInterval(DAY2).validate());
    assertTrue(e.getMessage(), e.getMessage().contains("withApiFactory"));
    GenesysIO.read().withInterval(DAY2).withApiFactory(new Factory(1, 1, 1, 0, null)).validate();
  }

  @Test
  public void aReadsShardsADayAreBetweenOneAndTheMost() {
    GenesysIO.Read read = GenesysIO.read().withInterval(DAY2)
        .withApiFactory(new Factory(1, 1, 1, 0, null));
    for (int shards : new int[] {0, BestCopyPerId.MAX_SHARDS_PER_DAY + 1}) {
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
          () -> read.withShardsPerDay(shards).validate());
      assertTrue(e.getMessage(), e.getMessage().contains("withShardsPerDay must be 1..1024"));
    }
    read.withShardsPerDay(BestCopyPerId.MAX_SHARDS_PER_DAY).validate();
  }
}
