package io.gckpi.pipeline;

import org.apache.beam.sdk.metrics.Counter;
import org.apache.beam.sdk.metrics.Distribution;
import org.apache.beam.sdk.metrics.Metrics;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.SerializableFunction;
import org.apache.beam.sdk.transforms.windowing.PaneInfo;
import org.apache.beam.sdk.values.PCollection;

/**
 * The counters {@link RunSummary} reads, and the pass-through step that increments them. Counting
 * happens in the pipeline's own steps, right before the tables are written, so the summary says
 * what the tables hold rather than what some inner transform saw.
 */
public final class RunCounters {
  public static final String READ = "read";
  public static final String WRITTEN = "written";
  public static final String OPEN = "open";
  /** Extra copies of a conversation the input held more than once: one row is kept. */
  public static final String DUPLICATES = "duplicates";
  public static final String MALFORMED_PREFIX = "malformed.";
  public static final String FILTERED_PREFIX = "filtered.";
  public static final String FAILED_WINDOWS = "failed_windows";
  public static final String RECONCILIATION_CELLS = "reconciliation_cells";
  public static final String RECONCILIATION_BREACHES = "reconciliation_breaches";
  /** Rows of a detail table ({@code detail_rows.segments}, ...): {@link DetailRecordTables}. */
  public static final String DETAIL_ROWS_PREFIX = "detail_rows.";
  /** Segments in the conversations read, identical repeats within a session included. */
  public static final String SEGMENTS_READ = "segments_read";
  /** Identical repeats of a segment within its session: written as one row. */
  public static final String REPEATED_SEGMENTS = "repeated_segments";
  /** A distribution of every written conversation's start (epoch ms): the span a run covered. */
  public static final String CONVERSATION_START_MS = "conversation_start_ms";

  private RunCounters() {}

  /** Counts each element under one counter name. */
  public static <T> PTransform<PCollection<T>, PCollection<T>> count(String name) {
    return count(element -> name, element -> 1L);
  }

  /**
   * Counts each element under a name derived from it, by an amount derived from it (a filtered
   * count row adds its count under {@code filtered.<reason>}).
   */
  public static <T> PTransform<PCollection<T>, PCollection<T>> count(
      SerializableFunction<T, String> name, SerializableFunction<T, Long> amount) {
    return new CountingStep<>(name, amount, false);
  }

  /**
   * Counts each element under a name derived from it, in every pane: for a collection whose
   * elements come once whatever pane carries them, such as a {@code Distinct} in a triggered
   * window, which emits each value the first time it is seen, an early pane included.
   */
  public static <T> PTransform<PCollection<T>, PCollection<T>> countEachOnce(
      SerializableFunction<T, String> name) {
    return new CountingStep<>(name, element -> 1L, true);
  }

  /**
   * Records {@code value} of each element in the distribution {@code name}, whose minimum and
   * maximum the summary reports (the span of conversation starts a run read).
   */
  public static <T> PTransform<PCollection<T>, PCollection<T>> distribution(
      String metricName, SerializableFunction<T, Long> value) {
    return new DistributionStep<>(metricName, value);
  }

  private static class DistributionStep<T> extends PTransform<PCollection<T>, PCollection<T>> {
    private final String metricName;
    private final SerializableFunction<T, Long> value;

    DistributionStep(String metricName, SerializableFunction<T, Long> value) {
      this.metricName = metricName;
      this.value = value;
    }

    @Override
    public PCollection<T> expand(PCollection<T> input) {
      return input
          .apply("Record", ParDo.of(new DistributionFn<T>(metricName, value)))
          .setCoder(input.getCoder());
    }
  }

  private static class DistributionFn<T> extends DoFn<T, T> {
    private final Distribution distribution;
    private final SerializableFunction<T, Long> value;

    DistributionFn(String metricName, SerializableFunction<T, Long> value) {
      this.distribution = Metrics.distribution(RunSummary.NAMESPACE, metricName);
      this.value = value;
    }

    @ProcessElement
    public void process(@Element T element, OutputReceiver<T> out) {
      distribution.update(value.apply(element));
      out.output(element);
    }
  }

  private static class CountingStep<T> extends PTransform<PCollection<T>, PCollection<T>> {
    private final SerializableFunction<T, String> name;
    private final SerializableFunction<T, Long> amount;
    private final boolean everyPane;

    CountingStep(SerializableFunction<T, String> name, SerializableFunction<T, Long> amount,
        boolean everyPane) {
      this.name = name;
      this.amount = amount;
      this.everyPane = everyPane;
    }

    @Override
    public PCollection<T> expand(PCollection<T> input) {
      return input
          .apply("Count", ParDo.of(new CountFn<T>(name, amount, everyPane)))
          .setCoder(input.getCoder());
    }
  }

  private static class CountFn<T> extends DoFn<T, T> {
    private final SerializableFunction<T, String> name;
    private final SerializableFunction<T, Long> amount;
    private final boolean everyPane;

    CountFn(SerializableFunction<T, String> name, SerializableFunction<T, Long> amount,
        boolean everyPane) {
      this.name = name;
      this.amount = amount;
      this.everyPane = everyPane;
    }

    /**
     * Counts each element once per run. A streaming day's early panes repeat what its final pane
     * holds again (panes accumulate), so unless every pane counts, only elements outside early
     * panes count: after a grouping that is the final pane, elsewhere every element (its pane
     * timing is unknown).
     */
    @ProcessElement
    public void process(@Element T element, PaneInfo pane, OutputReceiver<T> out) {
      if (everyPane || pane.getTiming() != PaneInfo.Timing.EARLY) {
        Counter counter = Metrics.counter(RunSummary.NAMESPACE, name.apply(element));
        counter.inc(amount.apply(element));
      }
      out.output(element);
    }
  }
}
