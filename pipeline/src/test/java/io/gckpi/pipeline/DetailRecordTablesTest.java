package io.gckpi.pipeline;

import static org.junit.Assert.assertEquals;

import io.gckpi.genesys.model.Conversation;
import io.gckpi.genesys.model.ConversationJson;
import io.gckpi.pipeline.detail.ConversationRow;
import io.gckpi.pipeline.detail.ParticipantRow;
import io.gckpi.pipeline.detail.SegmentRow;
import io.gckpi.pipeline.detail.SessionMetricRow;
import io.gckpi.pipeline.detail.SessionRow;
import io.gckpi.pipeline.tables.KpiTable;
import io.gckpi.pipeline.tables.RunTables;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.apache.beam.sdk.PipelineResult;
import org.apache.beam.sdk.metrics.MetricNameFilter;
import org.apache.beam.sdk.metrics.MetricResult;
import org.apache.beam.sdk.metrics.MetricsFilter;
import org.apache.beam.sdk.schemas.NoSuchSchemaException;
import org.apache.beam.sdk.testing.PAssert;
import org.apache.beam.sdk.testing.TestPipeline;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.transforms.SerializableFunction;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.Row;
import org.joda.time.Instant;
import org.junit.Rule;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.junit.runners.JUnit4;

/**
 * The detail tables of two hand-written records, every row worked out by hand: segments numbered
 * in time order whatever the array order, an identical repeat written once and counted, metrics
 * numbered by emit date, and a record without ids (or with one id twice) still giving every row a
 * key of its own.
 */
@RunWith(JUnit4.class)
public class DetailRecordTablesTest {
  @Rule public final transient TestPipeline pipeline = TestPipeline.create();

  private static final String T = "2024-01-15T10:";

  /**
   * A call: the caller (one interact), the queue (its delay and interact given in reverse array
   * order) and an agent (alert, interact, hold, wrap-up given twice).
   */
  private static final String CLOSED =
      "{\"conversationId\":\"c-1\",\"conversationStart\":\"" + T + "00:00.000Z\","
          + "\"conversationEnd\":\"" + T + "10:00.000Z\",\"originatingDirection\":\"inbound\","
          + "\"divisionIds\":[\"d-1\"],\"externalTag\":\"crm-1\",\"participants\":["
          + "{\"participantId\":\"p-cust\",\"participantName\":\"Alice Caller\","
          + "\"purpose\":\"customer\",\"externalContactId\":\"x-1\",\"sessions\":[{"
          + "\"sessionId\":\"s-cust\",\"mediaType\":\"voice\",\"direction\":\"inbound\","
          + "\"ani\":\"tel:+15550001\",\"dnis\":\"tel:+18005550100\",\"provider\":\"Edge\","
          + "\"segments\":[" + seg("interact", "00:00", "10:00", "") + "]}]},"
          + "{\"participantId\":\"p-acd\",\"participantName\":\"Support\",\"purpose\":\"acd\","
          + "\"sessions\":[{\"sessionId\":\"s-acd\",\"mediaType\":\"voice\",\"peerId\":\"s-cust\","
          + "\"metrics\":[{\"name\":\"tAcd\",\"value\":60000,\"emitDate\":\"" + T + "01:30.000Z\"},"
          + "{\"name\":\"nOffered\",\"value\":1,\"emitDate\":\"" + T + "00:00.000Z\"}],"
          + "\"segments\":["
          + seg("interact", "00:30", "01:30",
              ",\"queueId\":\"q-1\",\"disconnectType\":\"transfer\","
                  + "\"requestedRoutingSkillIds\":[\"sk-1\"]") + ","
          + seg("delay", "00:00", "00:30", ",\"queueId\":\"q-1\"") + "]}]},"
          + "{\"participantId\":\"p-agent\",\"participantName\":\"Bob Agent\","
          + "\"purpose\":\"agent\",\"userId\":\"u-1\",\"sessions\":[{\"sessionId\":\"s-agent\","
          + "\"mediaType\":\"voice\",\"metrics\":[{\"name\":\"tHandle\",\"value\":420000,"
          + "\"emitDate\":\"" + T + "07:35.000Z\"}],\"segments\":["
          + seg("wrapup", "06:35", "07:35", ",\"wrapUpCode\":\"w-1\"") + ","
          + seg("hold", "03:00", "04:00", ",\"conference\":true") + ","
          + seg("alert", "01:30", "01:35", "") + ","
          + seg("interact", "01:35", "06:35", ",\"disconnectType\":\"client\"") + ","
          + seg("wrapup", "06:35", "07:35", ",\"wrapUpCode\":\"w-1\"") + "]}]}]}";

  /**
   * Still going on, and without ids: a participant and a session without one, and a second
   * session reusing the first's id; the last segment has no end yet.
   */
  private static final String OPEN =
      "{\"conversationId\":\"c-2\",\"conversationStart\":\"" + T + "30:00.000Z\","
          + "\"participants\":[{\"purpose\":\"external\",\"sessions\":["
          + "{\"mediaType\":\"chat\",\"segments\":[" + seg("interact", "30:00", "31:00", "")
          + "]}]},{\"participantId\":\"p-bot\",\"purpose\":\"workflow\",\"sessions\":["
          + "{\"sessionId\":\"s-dup\",\"mediaType\":\"chat\",\"segments\":["
          + seg("ivr", "30:00", "30:20", "") + "]},"
          + "{\"sessionId\":\"s-dup\",\"mediaType\":\"chat\",\"segments\":["
          + "{\"segmentType\":\"interact\",\"segmentStart\":\"" + T + "30:20.000Z\"}]}]}]}";

  private static String seg(String type, String start, String end, String more) {
    return "{\"segmentType\":\"" + type + "\",\"segmentStart\":\"" + T + start + ".000Z\","
        + "\"segmentEnd\":\"" + T + end + ".000Z\"" + more + "}";
  }

  private static Instant at(String minuteSecond) {
    return Instant.parse(T + minuteSecond + ".000Z");
  }

  private static SegmentRow segment(
      String session, int ordinal, String conversation, String type, String start, String end,
      Long durationMs, String queue, String code, String disconnect, boolean conference,
      List<String> skills) {
    return SegmentRow.create(session, ordinal, conversation, type, at(start),
        end == null ? null : at(end), durationMs, queue, code, disconnect, conference, skills);
  }

  private RunTables detail() throws Exception {
    Conversation closed = ConversationJson.parse(CLOSED);
    Conversation open = ConversationJson.parse(OPEN);
    PCollection<Conversation> conversations = pipeline.apply(Create.of(closed, open));
    return conversations.apply("DetailRecords", DetailRecordTables.create());
  }

  @Test
  public void everyTableHoldsTheRecordAsRowsWorkedOutByHand() throws Exception {
    RunTables detail = detail();

    PAssert.that(rowsOf(detail, "conversations"))
        .containsInAnyOrder(asRows(
            ConversationRow.create("c-1", at("00:00"), at("10:00"), "closed", "inbound",
                List.of("d-1"), "voice", "crm-1"),
            ConversationRow.create("c-2", at("30:00"), null, "open", null, List.of(), "chat",
                null)));
    PAssert.that(rowsOf(detail, "participants"))
        .containsInAnyOrder(asRows(
            ParticipantRow.create("p-cust", "c-1", "customer", null, "x-1", "Alice Caller"),
            ParticipantRow.create("p-acd", "c-1", "acd", null, null, "Support"),
            ParticipantRow.create("p-agent", "c-1", "agent", "u-1", null, "Bob Agent"),
            ParticipantRow.create("c-2/p0", "c-2", "external", null, null, null),
            ParticipantRow.create("p-bot", "c-2", "workflow", null, null, null)));
    PAssert.that(rowsOf(detail, "sessions"))
        .containsInAnyOrder(asRows(
            SessionRow.create("s-cust", "p-cust", "c-1", "voice", "inbound", "tel:+15550001",
                "tel:+18005550100", null, "Edge"),
            SessionRow.create("s-acd", "p-acd", "c-1", "voice", null, null, null, "s-cust", null),
            SessionRow.create("s-agent", "p-agent", "c-1", "voice", null, null, null, null, null),
            SessionRow.create("c-2/p0/s0", "c-2/p0", "c-2", "chat", null, null, null, null, null),
            SessionRow.create("s-dup", "p-bot", "c-2", "chat", null, null, null, null, null),
            SessionRow.create("s-dup#2", "p-bot", "c-2", "chat", null, null, null, null, null)));
    // Ordinals in time order: the queue's delay (array position 1) is 0; the agent's alert,
    // interact, hold and wrap-up are 0..3 although given as wrapup, hold, alert, interact, and
    // the repeated wrap-up is one row.
    PAssert.that(rowsOf(detail, "segments"))
        .containsInAnyOrder(asRows(
            segment("s-cust", 0, "c-1", "interact", "00:00", "10:00", 600_000L, null, null, null,
                false, List.of()),
            segment("s-acd", 0, "c-1", "delay", "00:00", "00:30", 30_000L, "q-1", null, null,
                false, List.of()),
            segment("s-acd", 1, "c-1", "interact", "00:30", "01:30", 60_000L, "q-1", null,
                "transfer", false, List.of("sk-1")),
            segment("s-agent", 0, "c-1", "alert", "01:30", "01:35", 5_000L, null, null, null,
                false, List.of()),
            segment("s-agent", 1, "c-1", "interact", "01:35", "06:35", 300_000L, null, null,
                "client", false, List.of()),
            segment("s-agent", 2, "c-1", "hold", "03:00", "04:00", 60_000L, null, null, null,
                true, List.of()),
            segment("s-agent", 3, "c-1", "wrapup", "06:35", "07:35", 60_000L, null, "w-1", null,
                false, List.of()),
            segment("c-2/p0/s0", 0, "c-2", "interact", "30:00", "31:00", 60_000L, null, null,
                null, false, List.of()),
            segment("s-dup", 0, "c-2", "ivr", "30:00", "30:20", 20_000L, null, null, null, false,
                List.of()),
            segment("s-dup#2", 0, "c-2", "interact", "30:20", null, null, null, null, null,
                false, List.of())));
    // nOffered is emitted first, so it is ordinal 0 although the record lists it second.
    PAssert.that(rowsOf(detail, "session_metrics"))
        .containsInAnyOrder(asRows(
            SessionMetricRow.create("s-acd", 0, "c-1", "nOffered", 1, at("00:00")),
            SessionMetricRow.create("s-acd", 1, "c-1", "tAcd", 60_000, at("01:30")),
            SessionMetricRow.create("s-agent", 0, "c-1", "tHandle", 420_000, at("07:35"))));

    PipelineResult result = pipeline.run();
    result.waitUntilFinish();
    Map<String, Long> counters = counters(result);
    assertEquals(Long.valueOf(2), counters.get("detail_rows.conversations"));
    assertEquals(Long.valueOf(5), counters.get("detail_rows.participants"));
    assertEquals(Long.valueOf(6), counters.get("detail_rows.sessions"));
    assertEquals(Long.valueOf(10), counters.get("detail_rows.segments"));
    assertEquals(Long.valueOf(3), counters.get("detail_rows.session_metrics"));
    // 11 segments in the records (the agent's wrap-up twice): 10 rows + 1 repeat.
    assertEquals(Long.valueOf(11), counters.get(RunCounters.SEGMENTS_READ));
    assertEquals(Long.valueOf(1), counters.get(RunCounters.REPEATED_SEGMENTS));
  }

  @Test
  public void theTablesAreKeyedByGenesysIdsAndReplacedPerConversation()
      throws Exception {
    List<KpiTable> tables = detail().all();
    Map<String, List<String>> keys = new TreeMap<>();
    Map<String, Optional<String>> scopes = new TreeMap<>();
    for (KpiTable table : tables) {
      keys.put(table.name(), table.keyFields());
      scopes.put(table.name(), table.replacedPer());
      assertEquals(KpiTable.Kind.FACT, table.kind());
    }
    assertEquals(
        Map.of(
            "conversations", List.of("conversationId"),
            "participants", List.of("participantId"),
            "sessions", List.of("sessionId"),
            "segments", List.of("sessionId", "ordinal"),
            "session_metrics", List.of("sessionId", "ordinal")),
        keys);
    Optional<String> perConversation = Optional.of("conversationId");
    assertEquals(
        Map.of(
            "conversations", perConversation,
            "participants", perConversation,
            "sessions", perConversation,
            "segments", perConversation,
            "session_metrics", perConversation),
        scopes);
    pipeline.run().waitUntilFinish();
  }

  /** The rows of one of the detail tables. */
  private static PCollection<Row> rowsOf(RunTables tables, String name) {
    return tables.named(name).orElseThrow().rows();
  }

  /** The rows {@code typed} (detail row objects) stand for, as the tables hold them. */
  private Row[] asRows(Object... typed) {
    List<Row> rows = new ArrayList<>();
    for (Object row : typed) {
      rows.add(toRow(row.getClass().getSuperclass()).apply(row));
    }
    return rows.toArray(new Row[0]);
  }

  @SuppressWarnings("unchecked")
  private SerializableFunction<Object, Row> toRow(Class<?> type) {
    try {
      return (SerializableFunction<Object, Row>) (SerializableFunction<?, Row>)
          pipeline.getSchemaRegistry().getToRowFunction(type);
    } catch (NoSuchSchemaException e) {
      throw new IllegalStateException(e);
    }
  }

  private static Map<String, Long> counters(PipelineResult result) {
    Map<String, Long> values = new TreeMap<>();
    for (MetricResult<Long> counter :
        result.metrics().queryMetrics(MetricsFilter.builder()
            .addNameFilter(MetricNameFilter.inNamespace(RunSummary.NAMESPACE)).build())
            .getCounters()) {
      values.put(counter.getName().getName(), counter.getCommitted());
    }
    return values;
  }
}
