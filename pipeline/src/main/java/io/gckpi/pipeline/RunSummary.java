package io.gckpi.pipeline;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.gckpi.genesys.Interval;
import io.gckpi.pipeline.tables.TableSink;
import io.gckpi.transforms.GenesysMetricCheck;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.channels.Channels;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.beam.sdk.PipelineResult;
import org.apache.beam.sdk.io.FileSystems;
import org.apache.beam.sdk.metrics.DistributionResult;
import org.apache.beam.sdk.metrics.GaugeResult;
import org.apache.beam.sdk.metrics.MetricNameFilter;
import org.apache.beam.sdk.metrics.MetricQueryResults;
import org.apache.beam.sdk.metrics.MetricResult;
import org.apache.beam.sdk.metrics.MetricsFilter;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * What a run did, as counted by the pipeline itself: read, written, malformed (by reason),
 * filtered (interaction rows with an excluded reason, by reason), disagreements with Genesys' own
 * session metrics (by field), failed windows, reconciliation breaches. Written as {@code run_summary.json} beside the
 * tables, printed at the end, and turned into the exit code.
 *
 * <p>The counts come from Beam counters in namespace {@value #NAMESPACE} incremented by the
 * pipeline's own counting steps ({@link RunCounters}), so they are the same on every runner that
 * reports metrics; metric disagreements are counted by the KPI transforms, in namespace {@value
 * GenesysMetricCheck#NAMESPACE}. {@code balanced} is the promise that nothing vanished: every
 * conversation read has exactly one row, read = written (interaction rows, filtered ones
 * included) + malformed + duplicates (extra copies of a conversation the input held twice).
 *
 * <p>{@code detailRows} counts the rows of each detail table ({@link DetailRecordTables}): one
 * conversation row per conversation that parses, one session row per session, one segment row
 * per segment ({@code segmentsRead} = segment rows + {@code repeatedSegments}, identical copies
 * of a segment within its session).
 */
public final class RunSummary {
  public static final String NAMESPACE = "gckpi";

  private final Map<String, Object> fields = new LinkedHashMap<>();
  private final int exitCode;

  private RunSummary(Map<String, Object> fields, int exitCode) {
    this.fields.putAll(fields);
    this.exitCode = exitCode;
  }

  static RunSummary nothingToDo(RunSettings settings) {
    Map<String, Object> fields = header(settings, List.of(), "NOTHING_TO_DO");
    fields.putAll(counts(new TreeMap<>(), new TreeMap<>()));
    return new RunSummary(fields, 0);
  }

  static RunSummary fromMetrics(
      RunSettings settings,
      List<Interval> windowsRead,
      PipelineResult result,
      PipelineResult.State state) {
    Map<String, Long> counters = counters(result, NAMESPACE);
    Map<String, Object> fields = header(settings, windowsRead, state.toString());
    if (settings.intervalFromInput()) {
      // What the files held: from the first to the last conversation start written.
      fields.put("interval", inputSpan(result));
      fields.remove("windowsPlanned");
      fields.remove("windowsRead");
    }
    fields.putAll(counts(counters, counters(result, GenesysMetricCheck.NAMESPACE)));
    // Parts whose detail jobs kept failing or expiring, read by detail queries in the read.
    fields.put("partsReadByQuery",
        counters(result, "gckpi.genesys").getOrDefault("parts_read_by_query", 0L));
    long failedWindows = counters.getOrDefault(RunCounters.FAILED_WINDOWS, 0L);
    long breaches = counters.getOrDefault(RunCounters.RECONCILIATION_BREACHES, 0L);
    boolean clean = state == PipelineResult.State.DONE && failedWindows == 0 && breaches == 0;
    fields.put("clean", clean);
    // Where the time went: the read's last page, then the rest of the job.
    Instant readEnded = settings.readsApi() ? readEndedAt(result) : null;
    if (readEnded != null) {
      fields.put("readEndedAt", readEnded.toString());
    }
    fields.put("finishedAt", Instant.now().truncatedTo(ChronoUnit.MILLIS).toString());
    return new RunSummary(fields, clean ? 0 : 1);
  }

  /**
   * When the read reported its last progress, which it does after each page: the timestamp of
   * its {@code windows_done} gauge; null where the runner reports no gauges.
   */
  private static @Nullable Instant readEndedAt(PipelineResult result) {
    MetricQueryResults metrics =
        result.metrics().queryMetrics(MetricsFilter.builder()
            .addNameFilter(MetricNameFilter.named("gckpi.genesys", "windows_done")).build());
    Instant latest = null;
    for (MetricResult<GaugeResult> gauge : metrics.getGauges()) {
      GaugeResult value = gauge.getAttempted();
      if (value != null && !value.equals(GaugeResult.empty())) {
        Instant at = Instant.ofEpochMilli(value.getTimestamp().getMillis());
        latest = latest == null || at.isAfter(latest) ? at : latest;
      }
    }
    return latest;
  }

  /**
   * The summary of a run that read windows again ({@code reReads} times, the last time
   * {@code windowsReRead} of them) after its {@code first} pass was not clean: this (the last
   * pass) decides the exit code and gives the counts of what it read; the first pass's failures
   * and breaches are kept beside them, under {@code firstPass}.
   */
  RunSummary afterReReads(RunSummary first, int reReads, int windowsReRead) {
    Map<String, Object> all = new LinkedHashMap<>(fields);
    all.put("reReads", reReads);
    all.put("windowsReRead", windowsReRead);
    Map<String, Object> before = new LinkedHashMap<>();
    for (String field : List.of("windowsRead", "read", "failedWindows", "reconciliationBreaches",
        "partsReadByQuery")) {
      if (first.fields.containsKey(field)) {
        before.put(field, first.fields.get(field));
      }
    }
    all.put("firstPass", before);
    return new RunSummary(all, exitCode);
  }

  private static Map<String, Object> header(
      RunSettings settings, List<Interval> windowsRead, String state) {
    Map<String, Object> fields = new LinkedHashMap<>();
    fields.put("state", state);
    fields.put("source", settings.source().toString().toLowerCase());
    fields.put("sink", settings.sink().toString().toLowerCase());
    fields.put("interval", settings.interval().toString());
    fields.put("windowSize", settings.windowSize().toString());
    fields.put("windowsPlanned", settings.interval().split(settings.windowSize()).size());
    fields.put("windowsRead", windowsRead.size());
    return fields;
  }

  private static Map<String, Object> counts(
      Map<String, Long> counters, Map<String, Long> disagreements) {
    Map<String, Object> fields = new LinkedHashMap<>();
    long read = counters.getOrDefault(RunCounters.READ, 0L);
    long written = counters.getOrDefault(RunCounters.WRITTEN, 0L);
    long malformed = sumWithPrefix(counters, RunCounters.MALFORMED_PREFIX);
    long filtered = sumWithPrefix(counters, RunCounters.FILTERED_PREFIX);
    fields.put("read", read);
    fields.put("written", written);
    fields.put("open", counters.getOrDefault(RunCounters.OPEN, 0L));
    fields.put("malformed", malformed);
    fields.put("malformedByReason", byPrefix(counters, RunCounters.MALFORMED_PREFIX));
    fields.put("filtered", filtered);
    fields.put("filteredByReason", byPrefix(counters, RunCounters.FILTERED_PREFIX));
    long duplicates = counters.getOrDefault(RunCounters.DUPLICATES, 0L);
    fields.put("duplicates", duplicates);
    fields.put("balanced", read == written + malformed + duplicates);
    fields.put(
        "metricDisagreements", disagreements.values().stream().mapToLong(Long::longValue).sum());
    fields.put("metricDisagreementsByField", new TreeMap<>(disagreements));
    Map<String, Long> detailRows = byPrefix(counters, RunCounters.DETAIL_ROWS_PREFIX);
    for (String table : DetailRecordTables.TABLES) {
      detailRows.putIfAbsent(table, 0L);
    }
    fields.put("detailRows", detailRows);
    long segmentsRead = counters.getOrDefault(RunCounters.SEGMENTS_READ, 0L);
    long repeatedSegments = counters.getOrDefault(RunCounters.REPEATED_SEGMENTS, 0L);
    fields.put("segmentsRead", segmentsRead);
    fields.put("repeatedSegments", repeatedSegments);
    fields.put("failedWindows", counters.getOrDefault(RunCounters.FAILED_WINDOWS, 0L));
    fields.put("reconciliationCells", counters.getOrDefault(RunCounters.RECONCILIATION_CELLS, 0L));
    fields.put(
        "reconciliationBreaches", counters.getOrDefault(RunCounters.RECONCILIATION_BREACHES, 0L));
    return fields;
  }

  /**
   * Committed counter values where the runner has them (exactly once), else attempted ones
   * (Flink reports attempted only; in batch they are final when the job is done).
   */
  private static Map<String, Long> counters(PipelineResult result, String namespace) {
    MetricQueryResults metrics =
        result
            .metrics()
            .queryMetrics(
                MetricsFilter.builder().addNameFilter(MetricNameFilter.inNamespace(namespace))
                    .build());
    Map<String, Long> values = new TreeMap<>();
    for (MetricResult<Long> counter : metrics.getCounters()) {
      Long value;
      try {
        value = counter.getCommitted();
      } catch (UnsupportedOperationException e) {
        value = counter.getAttempted();
      }
      values.merge(counter.getName().getName(), value == null ? 0L : value, Long::sum);
    }
    return values;
  }

  /** "FIRST/LAST" conversation start the run wrote, as instants; "none" when it wrote none. */
  private static String inputSpan(PipelineResult result) {
    MetricQueryResults metrics =
        result.metrics().queryMetrics(MetricsFilter.builder()
            .addNameFilter(MetricNameFilter.named(NAMESPACE, RunCounters.CONVERSATION_START_MS))
            .build());
    for (MetricResult<DistributionResult> distribution : metrics.getDistributions()) {
      DistributionResult value;
      try {
        value = distribution.getCommitted();
      } catch (UnsupportedOperationException e) {
        value = distribution.getAttempted();
      }
      if (value != null && value.getCount() > 0) {
        return Instant.ofEpochMilli(value.getMin()) + "/" + Instant.ofEpochMilli(value.getMax());
      }
    }
    return "none";
  }

  private static long sumWithPrefix(Map<String, Long> counters, String prefix) {
    return counters.entrySet().stream()
        .filter(e -> e.getKey().startsWith(prefix))
        .mapToLong(Map.Entry::getValue)
        .sum();
  }

  private static Map<String, Long> byPrefix(Map<String, Long> counters, String prefix) {
    Map<String, Long> byReason = new TreeMap<>();
    counters.forEach(
        (name, value) -> {
          if (name.startsWith(prefix)) {
            byReason.put(name.substring(prefix.length()), value);
          }
        });
    return byReason;
  }

  public int exitCode() {
    return exitCode;
  }

  /** A field of the summary, as written to JSON. */
  public Object get(String field) {
    return fields.get(field);
  }

  public long getLong(String field) {
    return ((Number) fields.get(field)).longValue();
  }

  public Map<String, Object> fields() {
    return Map.copyOf(fields);
  }

  /** Writes {@code run_summary.json} into {@code directory} (any Beam file system). */
  void write(String directory) {
    String path = RunSettings.join(directory, "run_summary.json");
    try (OutputStream out =
        Channels.newOutputStream(
            FileSystems.create(FileSystems.matchNewResource(path, false), "application/json"))) {
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(out, fields);
    } catch (IOException e) {
      throw new IllegalStateException("cannot write " + path, e);
    }
  }

  void print(PrintStream out, TableSink sink) {
    out.println();
    out.println("gckpi run summary (" + sink.describe() + ")");
    fields.forEach((name, value) -> out.printf("  %-22s %s%n", name, value));
    if (exitCode != 0) {
      out.println("  NOT CLEAN: see failed_windows and reconciliation; the ledger marks the"
          + " windows to read again.");
    }
  }
}
