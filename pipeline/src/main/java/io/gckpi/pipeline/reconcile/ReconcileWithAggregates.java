package io.gckpi.pipeline.reconcile;

import io.gckpi.genesys.Interval;
import io.gckpi.genesys.client.ConnectionSettings;
import io.gckpi.genesys.client.GenesysApi;
import io.gckpi.genesys.client.GenesysApi.AggregateRow;
import io.gckpi.genesys.client.GenesysApi.AggregatesQuery;
import io.gckpi.genesys.client.GenesysClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.apache.beam.sdk.metrics.Counter;
import org.apache.beam.sdk.metrics.Metrics;
import org.apache.beam.sdk.coders.Coder;
import org.apache.beam.sdk.coders.CoderRegistry;
import org.apache.beam.sdk.coders.MapCoder;
import org.apache.beam.sdk.coders.VarLongCoder;
import org.apache.beam.sdk.transforms.Combine;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.FlatMapElements;
import org.apache.beam.sdk.transforms.Flatten;
import org.apache.beam.sdk.transforms.MapElements;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionList;
import org.apache.beam.sdk.values.Row;
import org.apache.beam.sdk.values.TypeDescriptors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The "metric validation checkpoint": compares what a run extracted with what Genesys'
 * own aggregates API reports, per 30-minute bucket, queue and media type, before anything is
 * published. A gap means a page or a window was lost (or counted twice) on the way.
 *
 * <p>The extracted side is what the tables publish: the offered queue legs of every
 * interaction_timelines row, so a wrong table cannot reconcile. Both sides bucket by the emit
 * time of each acd session's {@code nOffered}, as the API does; a consult transfer to a second
 * queue is offered in both queues on both sides. Internal-queue conversations are compared too:
 * the aggregates query has no queue filter and counts them, and their rows are published (with
 * excluded_reason INTERNAL_QUEUE), though no KPI counts them. A malformed conversation has no row,
 * so its offers count on the API side only: a cell holding one differs by it.
 * Only the buckets inside the windows this run read are compared: a window skipped because the
 * ledger has it complete contributes nothing to the extracted side. Each contiguous stretch of
 * read windows gets its own {@link ReconciliationCheck}, whose first bucket tolerates the API's
 * carry-over from the stretch before it.
 *
 * <p>Input: the interaction_timelines rows of the run. Output: one
 * {@link ReconciliationRow} per compared cell; the counter {@code gckpi/reconciliation_breaches}
 * tells the launcher whether to fail the run.
 */
public class ReconcileWithAggregates
    extends PTransform<PCollection<Row>, PCollection<ReconciliationRow>> {
  private static final long DAY_MS = Duration.ofDays(1).toMillis();
  /** The interaction row field holding its offered queue legs. */
  static final String OFFERED_QUEUE_LEGS = "offeredQueueLegs";

  private final ConnectionSettings connection;
  private final List<Interval> windowsRead;
  private final double tolerance;
  private final PCollection<String> failedWindowIds;
  private final PCollection<Row> malformedRows;

  private ReconcileWithAggregates(
      ConnectionSettings connection,
      List<Interval> windowsRead,
      double tolerance,
      PCollection<String> failedWindowIds,
      PCollection<Row> malformedRows) {
    this.connection = connection;
    this.windowsRead = List.copyOf(windowsRead);
    this.tolerance = tolerance;
    this.failedWindowIds = failedWindowIds;
    this.malformedRows = malformedRows;
    new ReconciliationCheck(windowsRead.get(0), tolerance); // validates the tolerance early
  }

  /**
   * Reconciles the windows read, except those that failed (they are reported as failed windows;
   * comparing them would only repeat that, and would blame their neighbours for their carry-over).
   * The malformed_interactions rows of the run may explain as many missing offers as there are
   * of them (Genesys counts those conversations; the tables cannot place them in a queue).
   */
  public static ReconcileWithAggregates against(
      ConnectionSettings connection,
      List<Interval> windowsRead,
      double tolerance,
      PCollection<String> failedWindowIds,
      PCollection<Row> malformedRows) {
    if (windowsRead.isEmpty()) {
      throw new IllegalArgumentException("reconciliation needs at least one window read");
    }
    return new ReconcileWithAggregates(
        connection, windowsRead, tolerance, failedWindowIds, malformedRows);
  }

  @Override
  public PCollection<ReconciliationRow> expand(PCollection<Row> interactionRows) {
    // The extracted side as one element, counted in one combine: each offered leg (by cell),
    // each failed window and each malformed record is a name to count. The comparison then starts
    // once every input is counted; waiting on side inputs instead, the DirectRunner would try the
    // comparison again and again, a bundle at a time, until the last of them was ready.
    PCollection<String> offers =
        interactionRows.apply(
            "OfferedQueueLegs",
            FlatMapElements.into(TypeDescriptors.strings())
                .via((Row row) -> OfferedBucket.ofLegs(row.getArray(OFFERED_QUEUE_LEGS)).stream()
                    .map(bucket -> OFFERED + bucket.asLeg())
                    .toList()));
    PCollection<String> failed =
        failedWindowIds.apply(
            "FailedWindows", MapElements.into(TypeDescriptors.strings()).via(id -> FAILED + id));
    PCollection<String> malformed =
        malformedRows.apply(
            "Malformed", MapElements.into(TypeDescriptors.strings()).via(row -> MALFORMED));
    // Counted even when nothing else is, so that the comparison always runs once.
    PCollection<String> always = interactionRows.getPipeline().apply("Always", Create.of(ALWAYS));
    return PCollectionList.of(offers)
        .and(failed)
        .and(malformed)
        .and(always)
        .apply("ExtractedSide", Flatten.pCollections())
        .apply("CountEach", Combine.globally(new CountEachFn()).withoutDefaults())
        .apply(
            "CompareWithAggregatesApi",
            ParDo.of(new CompareFn(connection, tolerance, windowsRead)));
  }

  private static final String OFFERED = "offered ";
  private static final String FAILED = "failed ";
  private static final String MALFORMED = "malformed";
  private static final String ALWAYS = "always";

  /** How often each name occurs, as one map: a few hundred cells a day, one element. */
  static class CountEachFn extends Combine.CombineFn<String, Map<String, Long>, Map<String, Long>> {
    @Override
    public Map<String, Long> createAccumulator() {
      return new HashMap<>();
    }

    @Override
    public Map<String, Long> addInput(Map<String, Long> counts, String name) {
      counts.merge(name, 1L, Long::sum);
      return counts;
    }

    @Override
    public Map<String, Long> mergeAccumulators(Iterable<Map<String, Long>> parts) {
      Map<String, Long> merged = new HashMap<>();
      for (Map<String, Long> part : parts) {
        part.forEach((name, count) -> merged.merge(name, count, Long::sum));
      }
      return merged;
    }

    @Override
    public Map<String, Long> extractOutput(Map<String, Long> counts) {
      return counts;
    }

    @Override
    public Coder<Map<String, Long>> getAccumulatorCoder(
        CoderRegistry registry, Coder<String> nameCoder) {
      return MapCoder.of(nameCoder, VarLongCoder.of());
    }

    @Override
    public Coder<Map<String, Long>> getDefaultOutputCoder(
        CoderRegistry registry, Coder<String> nameCoder) {
      return getAccumulatorCoder(registry, nameCoder);
    }
  }

  /** Contiguous runs of windows, each compared on its own. */
  static List<Interval> stretches(List<Interval> windows) {
    if (windows.isEmpty()) {
      return List.of();
    }
    List<Interval> sorted = new ArrayList<>(new TreeSet<>(windows));
    List<Interval> stretches = new ArrayList<>();
    Interval current = sorted.get(0);
    for (Interval window : sorted.subList(1, sorted.size())) {
      if (window.start().equals(current.end())) {
        current = new Interval(current.start(), window.end());
      } else {
        stretches.add(current);
        current = window;
      }
    }
    stretches.add(current);
    return stretches;
  }

  static class CompareFn extends DoFn<Map<String, Long>, ReconciliationRow> {
    private static final Logger LOG = LoggerFactory.getLogger(CompareFn.class);
    private final ConnectionSettings connection;
    private final double tolerance;
    private final List<Interval> windowsRead;
    private final Counter cells = Metrics.counter("gckpi", "reconciliation_cells");
    private final Counter breaches = Metrics.counter("gckpi", "reconciliation_breaches");
    private transient GenesysApi api;

    CompareFn(ConnectionSettings connection, double tolerance, List<Interval> windowsRead) {
      this.connection = connection;
      this.tolerance = tolerance;
      this.windowsRead = windowsRead;
    }

    @Setup
    public void setup() {
      api = GenesysClient.create(connection);
    }

    @Teardown
    public void teardown() {
      if (api != null) {
        api.close();
      }
    }

    @ProcessElement
    public void process(
        @Element Map<String, Long> counted, OutputReceiver<ReconciliationRow> out) {
      Map<OfferedBucket, Long> extractedCounts = new HashMap<>();
      Set<String> failedIds = new HashSet<>();
      for (Map.Entry<String, Long> name : counted.entrySet()) {
        if (name.getKey().startsWith(OFFERED)) {
          extractedCounts.put(
              OfferedBucket.ofLegs(List.of(name.getKey().substring(OFFERED.length()))).get(0),
              name.getValue());
        } else if (name.getKey().startsWith(FAILED)) {
          failedIds.add(name.getKey().substring(FAILED.length()));
        }
      }
      List<Interval> compared = new ArrayList<>();
      for (Interval window : windowsRead) {
        if (!failedIds.contains(window.toString())) {
          compared.add(window);
        }
      }
      long[] malformedLeft = {counted.getOrDefault(MALFORMED, 0L)};
      for (Interval stretch : stretches(compared)) {
        compare(stretch, extractedCounts, malformedLeft, out);
      }
    }

    private void compare(
        Interval stretch,
        Map<OfferedBucket, Long> allExtracted,
        long[] malformedLeft,
        OutputReceiver<ReconciliationRow> out) {
      ReconciliationCheck check = new ReconciliationCheck(stretch, tolerance);
      Map<OfferedBucket, Long> apiCounts = apiOffered(stretch);
      Map<OfferedBucket, Long> extractedCounts = new HashMap<>();
      for (Map.Entry<OfferedBucket, Long> e : allExtracted.entrySet()) {
        if (check.covers(e.getKey())) {
          extractedCounts.put(e.getKey(), e.getValue());
        }
      }
      long breached = 0;
      for (OfferedBucket bucket : union(apiCounts, extractedCounts)) {
        long extractedCount = extractedCounts.getOrDefault(bucket, 0L);
        long apiCount = apiCounts.getOrDefault(bucket, 0L);
        ReconciliationRow row = check.compare(bucket, extractedCount, apiCount);
        if (row.getBreached() && apiCount > extractedCount && malformedLeft[0] > 0) {
          long explained = Math.min(apiCount - extractedCount, malformedLeft[0]);
          malformedLeft[0] -= explained;
          row = check.compare(bucket, extractedCount, apiCount, explained);
        }
        cells.inc();
        if (row.getBreached()) {
          breaches.inc();
          breached++;
        }
        out.output(row);
      }
      LOG.info("Reconciled {} against the aggregates API: {} cells breach the tolerance of {}",
          stretch, breached, tolerance);
    }

    /** Every cell of either side, in (bucket, queue, media) order so runs decide alike. */
    private static List<OfferedBucket> union(
        Map<OfferedBucket, Long> a, Map<OfferedBucket, Long> b) {
      TreeSet<OfferedBucket> all =
          new TreeSet<>(
              Comparator.comparingLong(OfferedBucket::getBucketStartMs)
                  .thenComparing(OfferedBucket::getQueueId)
                  .thenComparing(OfferedBucket::getMediaType));
      all.addAll(a.keySet());
      all.addAll(b.keySet());
      return new ArrayList<>(all);
    }

    /** nOffered per bucket from the API, asked a day at a time (its interval limit). */
    private Map<OfferedBucket, Long> apiOffered(Interval stretch) {
      Map<OfferedBucket, Long> counts = new HashMap<>();
      for (Interval part : stretch.split(Duration.ofMillis(DAY_MS))) {
        List<AggregateRow> rows =
            api.queryAggregates(
                new AggregatesQuery(
                    part, "PT30M", "UTC", List.of("queueId", "mediaType"), List.of("nOffered"),
                    null));
        for (AggregateRow row : rows) {
          String queueId = row.group().get("queueId");
          if (!"nOffered".equals(row.metric()) || queueId == null || row.count() == null) {
            continue;
          }
          long emitMs = row.interval().start().toEpochMilli();
          String media = row.group().getOrDefault("mediaType", "unknown");
          counts.merge(OfferedBucket.of(emitMs, queueId, media), (long) (double) row.count(),
              Long::sum);
        }
      }
      return counts;
    }
  }
}
