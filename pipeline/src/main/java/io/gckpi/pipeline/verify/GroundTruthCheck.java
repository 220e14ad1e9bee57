package io.gckpi.pipeline.verify;

import io.gckpi.genesys.Interval;
import io.gckpi.genesys.testing.GroundTruth;
import io.gckpi.genesys.testing.SyntheticDataset;
import io.gckpi.pipeline.KpiPipelineOptions;
import io.gckpi.pipeline.RunSettings;
import io.gckpi.pipeline.files.CsvTableReader;
import io.gckpi.pipeline.jdbc.JdbcSettings;
import io.gckpi.pipeline.jdbc.JdbcTableReader;
import io.gckpi.pipeline.tables.TableReader;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.apache.beam.sdk.options.PipelineOptionsFactory;

/**
 * Compares a run's tables with the emulator's ground truth: the generator's intent for every
 * conversation, worked out independently of the pipeline's code. Used by the end-to-end tests and
 * by {@code make flink-cluster-test}, whatever the sink, through {@link TableReader}.
 *
 * <p>Checked: every conversation that starts in the interval has exactly one row
 * (interaction_timelines or malformed_interactions), the counts add up (filtered_counts counts
 * the interaction rows with an excluded reason), the deliberately malformed ones are malformed
 * with the intended reason, every internal-queue conversation is excluded as INTERNAL_QUEUE, and
 * every timeline's measures equal the truth to the millisecond: handle time per handler session
 * (Genesys tHandle), agent handle time, transfers once per handler session, and the sums of
 * Genesys' own session metrics (blank for a record that carries none). A conversation the
 * emulator serves open on first fetch ({@code closesLate}) may be there open (the snapshot a run
 * saw first) or closed and exact.
 *
 * <p>It lives in the pipeline rather than next to the emulator in {@code genesys-emulator}
 * because it reads a run's tables the way the job wrote them: the job's own options
 * ({@link KpiPipelineOptions}, {@link RunSettings}: sink, interval, emulator config), its
 * {@link JdbcSettings} and {@link TableReader}. The pipeline depends on the emulator for
 * {@code --source=emulator}, so the emulator module cannot depend on the pipeline back; and the
 * pipeline's own end-to-end tests call this check, so a third module above the pipeline would put
 * those tests behind a cycle too. The truth it compares against is the emulator's
 * ({@link SyntheticDataset}, {@link GroundTruth}); only the reading of the tables is here.
 */
public final class GroundTruthCheck {
  /** Timeline columns and the truth value each must equal. */
  private static final List<String> MEASURES =
      List.of("status", "media_type", "queue_id", "entry_queue_id", "agent_id", "customer_key",
          "queue_wait_ms", "agent_talk_ms", "customer_hold_ms", "system_hold_ms", "agent_hold_ms",
          "wrap_up_ms", "dialing_contacting_ms", "wrap_up_code", "transfers", "answered",
          "abandoned", "handle_time_ms", "agent_handle_time_ms");

  /** Columns of Genesys' own metric sums, compared where the table has them. */
  private static final List<String> GENESYS_MEASURES =
      List.of("genesys_queue_wait_ms", "genesys_talk_ms", "genesys_hold_ms", "genesys_wrap_up_ms",
          "genesys_handle_ms", "genesys_transfers");

  private GroundTruthCheck() {}

  /**
   * {@code GroundTruthCheck [job options]}: checks the tables a job with these options wrote
   * (emulator source; files or jdbc sink) and exits 1 listing every disagreement. With
   * {@code --dropSchema} it drops {@code --jdbcSchema} instead (test clean-up).
   */
  public static void main(String[] args) throws Exception {
    List<String> jobArgs = new ArrayList<>(List.of(args));
    boolean drop = jobArgs.remove("--dropSchema");
    PipelineOptionsFactory.register(KpiPipelineOptions.class);
    KpiPipelineOptions options =
        PipelineOptionsFactory.fromArgs(jobArgs.toArray(new String[0]))
            .as(KpiPipelineOptions.class);
    RunSettings settings = RunSettings.of(options);
    if (drop) {
      try (Connection c = JdbcSettings.of(options.getJdbcUrl()).openConnection();
          Statement s = c.createStatement()) {
        s.execute("DROP SCHEMA IF EXISTS " + options.getJdbcSchema() + " CASCADE");
      }
      return;
    }
    TableReader tables =
        settings.sink() == KpiPipelineOptions.Sink.JDBC
            ? JdbcTableReader.of(settings.jdbc())
            : CsvTableReader.of(Path.of(options.getOutput()));
    List<String> problems =
        compare(tables, SyntheticDataset.generate(settings.emulatorConfig()), settings.interval());
    problems.stream().limit(50).forEach(System.err::println);
    System.out.println("ground truth check of " + settings.interval() + ": "
        + (problems.isEmpty() ? "exact" : problems.size() + " disagreements"));
    System.exit(problems.isEmpty() ? 0 : 1);
  }

  /** Every disagreement, one line each; empty when the tables are exact. */
  public static List<String> compare(TableReader tables, SyntheticDataset dataset, Interval interval) {
    List<String> problems = new ArrayList<>();
    Set<String> expectedIds = dataset.idsStartingIn(interval);
    Map<String, GroundTruth> truth = new HashMap<>();
    for (GroundTruth t : dataset.groundTruth()) {
      if (expectedIds.contains(t.conversationId())) {
        truth.put(t.conversationId(), t);
      }
    }

    List<Map<String, String>> timelines = tables.rows("interaction_timelines");
    List<Map<String, String>> malformed = tables.rows("malformed_interactions");
    long filtered = 0;
    for (Map<String, String> row : tables.rows("filtered_counts")) {
      filtered += Long.parseLong(row.get("count"));
    }

    Set<String> timelineIds = new HashSet<>();
    long excludedRows = 0;
    for (Map<String, String> row : timelines) {
      String id = row.get("conversation_id");
      if (!timelineIds.add(id)) {
        problems.add("interaction_timelines holds " + id + " twice");
      }
      GroundTruth t = truth.get(id);
      if (t == null) {
        problems.add("interaction_timelines holds " + id + ", which does not start in " + interval);
        continue;
      }
      if (t.expectedMalformedReason() != null) {
        problems.add(id + " is malformed (" + t.expectedMalformedReason() + ") but has a timeline");
      }
      if (t.internalQueue() != "INTERNAL_QUEUE".equals(row.get("excluded_reason"))) {
        problems.add(id + (t.internalQueue() ? " is" : " is not") + " on an internal queue ("
            + t.queueName() + ") but its excluded_reason is " + row.get("excluded_reason"));
      }
      if (row.get("excluded_reason") != null && !row.get("excluded_reason").isEmpty()) {
        excludedRows++;
      }
      compareMeasures(row, t, problems);
    }

    long malformedInInterval = 0;
    Set<String> malformedIds = new HashSet<>();
    for (Map<String, String> row : malformed) {
      String id = row.get("conversation_id");
      GroundTruth t = truth.get(id);
      if (id == null || id.isEmpty()) {
        malformedInInterval++; // a record without an id: counted, checked by reason below
      } else if (t != null) {
        malformedInInterval++;
        malformedIds.add(id);
        if (!Objects.equals(t.expectedMalformedReason(), row.get("reason"))) {
          problems.add(id + " is malformed as " + row.get("reason") + ", intended "
              + t.expectedMalformedReason());
        }
      }
    }
    for (GroundTruth t : truth.values()) {
      String reason = t.expectedMalformedReason();
      if (reason != null && !reason.equals("MISSING_CONVERSATION_ID")
          && !malformedIds.contains(t.conversationId())) {
        problems.add(t.conversationId() + " should be malformed (" + reason + ") but is not");
      }
    }

    long accounted = timelineIds.size() + malformedInInterval;
    if (accounted != truth.size()) {
      problems.add(String.format(
          "%d conversations start in %s but the tables account for %d (%d timelines + %d"
              + " malformed)",
          truth.size(), interval, accounted, timelineIds.size(), malformedInInterval));
    }
    if (filtered != excludedRows) {
      problems.add(String.format("filtered_counts counts %d but %d timelines carry an"
          + " excluded_reason", filtered, excludedRows));
    }
    return problems;
  }

  private static void compareMeasures(Map<String, String> row, GroundTruth t, List<String> out) {
    String id = t.conversationId();
    if (t.open()) {
      if (!"open".equals(row.get("status"))) {
        out.add(id + " is still open but has status " + row.get("status"));
      }
      return;
    }
    if (t.closesLate() && "open".equals(row.get("status"))) {
      return; // the version the first fetch serves; later fetches give the final one below
    }
    Map<String, String> expected = new HashMap<>();
    expected.put("status", "closed");
    expected.put("media_type", t.mediaType());
    expected.put("queue_id", t.queueId());
    expected.put("agent_id", t.agentId());
    expected.put("queue_wait_ms", Long.toString(t.queueWaitMs()));
    expected.put("agent_talk_ms", Long.toString(t.agentTalkMs()));
    expected.put("customer_hold_ms", Long.toString(t.customerHoldMs()));
    expected.put("system_hold_ms", Long.toString(t.systemHoldMs()));
    expected.put("wrap_up_ms", Long.toString(t.wrapUpMs()));
    expected.put("wrap_up_code", t.wrapUpCode());
    expected.put("transfers", Integer.toString(t.transfers()));
    expected.put("answered", Boolean.toString(t.answered()));
    expected.put("abandoned", Boolean.toString(t.abandoned()));
    expected.put("handle_time_ms", Long.toString(t.handleMs()));
    expected.put("entry_queue_id", t.entryQueueId());
    expected.put("customer_key", t.customerKey());
    expected.put("agent_hold_ms", Long.toString(t.agentHoldMs()));
    expected.put("dialing_contacting_ms", Long.toString(t.dialingContactingMs()));
    expected.put("agent_handle_time_ms", Long.toString(t.agentHandleMs()));
    expected.put("genesys_queue_wait_ms", text(t.genesysQueueWaitMs()));
    expected.put("genesys_talk_ms", text(t.genesysTalkMs()));
    expected.put("genesys_hold_ms", text(t.genesysHoldMs()));
    expected.put("genesys_wrap_up_ms", text(t.genesysWrapUpMs()));
    expected.put("genesys_handle_ms", text(t.genesysHandleMs()));
    expected.put("genesys_transfers", text(t.genesysTransfers()));
    List<String> columns = new ArrayList<>(MEASURES);
    GENESYS_MEASURES.stream().filter(row::containsKey).forEach(columns::add);
    for (String column : columns) {
      String want = blankToNull(expected.get(column));
      String got = blankToNull(row.get(column));
      if (!Objects.equals(want, got)) {
        out.add(id + " (" + t.scenario() + "): " + column + " is " + got + ", truth " + want);
      }
    }
  }

  private static String text(Object value) {
    return value == null ? null : value.toString();
  }

  private static String blankToNull(String value) {
    if (value == null || value.isEmpty()) {
      return null;
    }
    return switch (value) {
      case "t" -> "true";
      case "f" -> "false";
      default -> value;
    };
  }
}
