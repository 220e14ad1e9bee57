package io.gckpi.pipeline.verify;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.gckpi.genesys.Interval;
import io.gckpi.genesys.model.MalformedConversationException;
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
import java.util.function.Function;
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
    SyntheticDataset dataset = SyntheticDataset.generate(settings.emulatorConfig());
    List<String> problems = new ArrayList<>(compare(tables, dataset, settings.interval()));
    problems.addAll(compareDetailRecords(tables, dataset, settings.interval()));
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

  /**
   * The detail tables against the records the emulator serves, read as JSON text here (not by
   * the pipeline's parser): every conversation that starts in the interval and parses has one
   * {@code conversations} row; its participants and sessions are the record's, by id; each session
   * has one segment row per segment of the record (ordinals 0..n-1) and one session_metrics row
   * per metric, durations included; no row belongs to a conversation or session the records do
   * not have; and for a closed conversation the durations of its handler sessions' interact,
   * hold, wrapup, dialing and contacting segments sum to the truth's handle time (Genesys
   * tHandle), which is how a query over {@code segments} rebuilds AHT. A conversation held open
   * is compared with the version a first fetch serves, a closed one with the final record.
   */
  public static List<String> compareDetailRecords(
      TableReader tables, SyntheticDataset dataset, Interval interval) {
    return compareDetailRecords(tables, dataset, interval,
        id -> List.of(dataset.rawConversation(id)));
  }

  /**
   * {@link #compareDetailRecords(TableReader, SyntheticDataset, Interval)} when a run may have
   * read a closed conversation as any of {@code closedVersions} (the first fetch of a fault that
   * changes records, or the final record a neighbouring window's job served): its rows must be
   * exactly one of them.
   */
  public static List<String> compareDetailRecords(
      TableReader tables, SyntheticDataset dataset, Interval interval,
      Function<String, List<String>> closedVersions) {
    List<String> problems = new ArrayList<>();
    Map<String, Map<String, String>> conversations = byKey(tables.rows("conversations"),
        "conversation_id", "conversations", problems);
    Map<String, Map<String, String>> participants = byKey(tables.rows("participants"),
        "participant_id", "participants", problems);
    Map<String, Map<String, String>> sessions = byKey(tables.rows("sessions"), "session_id",
        "sessions", problems);
    Map<String, List<Map<String, String>>> segments = bySession(tables.rows("segments"));
    Map<String, List<Map<String, String>>> metrics = bySession(tables.rows("session_metrics"));

    Set<String> expected = new HashSet<>();
    for (String id : dataset.idsStartingIn(interval)) {
      String reason = dataset.truth(id).expectedMalformedReason();
      if (!MalformedConversationException.BAD_TIMESTAMP.equals(reason)
          && !MalformedConversationException.MISSING_CONVERSATION_ID.equals(reason)) {
        expected.add(id);
      }
    }
    Set<String> participantIds = new HashSet<>();
    Set<String> sessionIds = new HashSet<>();
    for (String id : expected) {
      Map<String, String> row = conversations.get(id);
      if (row == null) {
        problems.add("conversations has no row for " + id);
        continue;
      }
      GroundTruth t = dataset.truth(id);
      boolean open = "open".equals(row.get("status"));
      List<String> versions =
          open ? List.of(dataset.firstFetchConversation(id)) : closedVersions.apply(id);
      List<String> first = null;
      for (String json : versions) {
        List<String> found = new ArrayList<>();
        compareRecord(id, t, row, json, participants, sessions, segments, metrics,
            participantIds, sessionIds, found);
        if (found.isEmpty()) {
          first = found;
          break;
        }
        first = first == null ? found : first;
      }
      problems.addAll(first);
    }
    for (String id : conversations.keySet()) {
      if (!expected.contains(id)) {
        problems.add("conversations holds " + id + ", which does not start in " + interval
            + " or does not parse");
      }
    }
    extraRows("participants", participants.keySet(), participantIds, problems);
    extraRows("sessions", sessions.keySet(), sessionIds, problems);
    extraRows("segments", segments.keySet(), sessionIds, problems);
    extraRows("session_metrics", metrics.keySet(), sessionIds, problems);
    return problems;
  }

  /** One conversation's detail rows against one version of its record. */
  private static void compareRecord(String id, GroundTruth t, Map<String, String> row,
      String json, Map<String, Map<String, String>> participants,
      Map<String, Map<String, String>> sessions, Map<String, List<Map<String, String>>> segments,
      Map<String, List<Map<String, String>>> metrics, Set<String> participantIds,
      Set<String> sessionIds, List<String> problems) {
    boolean open = "open".equals(row.get("status"));
    JsonNode record;
    try {
      record = JSON.readTree(json);
    } catch (Exception e) {
      throw new IllegalStateException("the emulator served unreadable JSON for " + id, e);
    }
    if (open == record.hasNonNull("conversationEnd")) {
      problems.add(id + ": conversations says " + row.get("status") + ", the record "
          + (open ? "is closed" : "is open"));
    }
    long handleMs = 0;
    for (JsonNode participant : record.path("participants")) {
      String participantId = participant.path("participantId").asText();
      participantIds.add(participantId);
      Map<String, String> p = participants.get(participantId);
      if (p == null || !id.equals(p.get("conversation_id"))) {
        problems.add(id + ": participants has no row for " + participantId);
        continue;
      }
      boolean handler = Set.of("agent", "user").contains(participant.path("purpose").asText());
      for (JsonNode session : participant.path("sessions")) {
        String sessionId = session.path("sessionId").asText();
        sessionIds.add(sessionId);
        Map<String, String> s = sessions.get(sessionId);
        if (s == null || !participantId.equals(s.get("participant_id"))
            || !id.equals(s.get("conversation_id"))) {
          problems.add(id + ": sessions has no row for " + sessionId + " of " + participantId);
        }
        List<Map<String, String>> rows = segments.getOrDefault(sessionId, List.of());
        handleMs += compareSegments(id, sessionId, session.path("segments"), rows, handler,
            problems);
        int metricRows = metrics.getOrDefault(sessionId, List.of()).size();
        if (metricRows != session.path("metrics").size()) {
          problems.add(id + ": session " + sessionId + " has " + session.path("metrics").size()
              + " metrics but " + metricRows + " session_metrics rows");
        }
      }
    }
    if (!open && t.expectedMalformedReason() == null && handleMs != t.handleMs()) {
      problems.add(id + " (" + t.scenario() + "): its handler segments sum to " + handleMs
          + " ms, truth handle time " + t.handleMs());
    }
  }

  /** Handler time in the segment rows of one session, after comparing them with the record. */
  private static long compareSegments(String id, String sessionId, JsonNode recorded,
      List<Map<String, String>> rows, boolean handler, List<String> problems) {
    if (rows.size() != recorded.size()) {
      problems.add(id + ": session " + sessionId + " has " + recorded.size() + " segments but "
          + rows.size() + " segment rows");
    }
    Set<String> ordinals = new HashSet<>();
    List<Long> recordedDurations = new ArrayList<>();
    for (JsonNode segment : recorded) {
      recordedDurations.add(segment.hasNonNull("segmentStart") && segment.hasNonNull("segmentEnd")
          ? java.time.Instant.parse(segment.get("segmentEnd").asText()).toEpochMilli()
              - java.time.Instant.parse(segment.get("segmentStart").asText()).toEpochMilli()
          : null);
    }
    List<Long> rowDurations = new ArrayList<>();
    long handleMs = 0;
    for (Map<String, String> row : rows) {
      ordinals.add(row.get("ordinal"));
      String duration = blankToNull(row.get("duration_ms"));
      rowDurations.add(duration == null ? null : Long.parseLong(duration));
      if (handler && duration != null && HANDLE_SEGMENTS.contains(row.get("segment_type"))) {
        handleMs += Long.parseLong(duration);
      }
    }
    for (int i = 0; i < rows.size(); i++) {
      if (!ordinals.contains(Integer.toString(i))) {
        problems.add(id + ": session " + sessionId + " has no segment row of ordinal " + i);
      }
    }
    java.util.Comparator<Long> nullsFirst =
        java.util.Comparator.nullsFirst(java.util.Comparator.naturalOrder());
    recordedDurations.sort(nullsFirst);
    rowDurations.sort(nullsFirst);
    if (rows.size() == recorded.size() && !recordedDurations.equals(rowDurations)) {
      problems.add(id + ": session " + sessionId + " segment durations " + rowDurations
          + ", the record's " + recordedDurations);
    }
    return handleMs;
  }

  /** Segment types Genesys counts in a handler's tHandle. */
  private static final Set<String> HANDLE_SEGMENTS =
      Set.of("interact", "hold", "wrapup", "dialing", "contacting");

  private static final ObjectMapper JSON = new ObjectMapper();

  private static Map<String, Map<String, String>> byKey(
      List<Map<String, String>> rows, String key, String table, List<String> problems) {
    Map<String, Map<String, String>> byKey = new HashMap<>();
    for (Map<String, String> row : rows) {
      if (byKey.put(row.get(key), row) != null) {
        problems.add(table + " holds " + row.get(key) + " twice");
      }
    }
    return byKey;
  }

  private static Map<String, List<Map<String, String>>> bySession(
      List<Map<String, String>> rows) {
    Map<String, List<Map<String, String>>> bySession = new HashMap<>();
    for (Map<String, String> row : rows) {
      bySession.computeIfAbsent(row.get("session_id"), k -> new ArrayList<>()).add(row);
    }
    return bySession;
  }

  private static void extraRows(
      String table, Set<String> keys, Set<String> expected, List<String> problems) {
    for (String key : keys) {
      if (!expected.contains(key)) {
        problems.add(table + " holds rows of " + key + ", which no record read has");
      }
    }
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
