package io.gckpi.pipeline;

import io.gckpi.genesys.model.Conversation;
import io.gckpi.pipeline.detail.ConversationRow;
import io.gckpi.pipeline.detail.DetailRecord;
import io.gckpi.pipeline.detail.ParticipantRow;
import io.gckpi.pipeline.detail.SegmentRow;
import io.gckpi.pipeline.detail.SessionMetricRow;
import io.gckpi.pipeline.detail.SessionRow;
import io.gckpi.pipeline.tables.KpiTable;
import io.gckpi.pipeline.tables.KpiTable.Kind;
import io.gckpi.pipeline.tables.RunTables;
import io.gckpi.pipeline.tables.TableStream;
import java.util.ArrayList;
import java.util.List;
import org.apache.beam.sdk.metrics.Counter;
import org.apache.beam.sdk.metrics.Metrics;
import org.apache.beam.sdk.schemas.NoSuchSchemaException;
import org.apache.beam.sdk.schemas.Schema;
import org.apache.beam.sdk.schemas.SchemaRegistry;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.SerializableFunction;
import org.apache.beam.sdk.transforms.join.RawUnionValue;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.Row;

/**
 * The conversation detail records as tables, for data engineers who build their own KPIs:
 * {@code conversations}, {@code participants}, {@code sessions}, {@code segments} and
 * {@code session_metrics}, one pass over the parsed, de-duplicated conversations (the same
 * elements the KPIs are computed from; the raw text is not read again).
 *
 * <p>Keys are Genesys' ids: conversationId, participantId, sessionId, and (sessionId, ordinal)
 * for segments and session metrics, which have none ({@link DetailRecord}). Every table carries
 * the conversationId and is replaced per conversation ({@link KpiTable#replacedPer()}): a
 * conversation read again replaces all of its rows, since Genesys may drop, merge or reorder
 * segments when it reprocesses one and an upsert by key would leave the rows it no longer
 * produces. Every conversation that parses has rows here, those the timeline rules hold malformed
 * too: the tables are the record as Genesys sent it.
 *
 * <p>The five tables leave as one {@link TableStream}, a few million rows a day with no step
 * between them and the sink that writes them.
 *
 * <p>Counted for the run summary as the rows are made: rows per table ({@value
 * RunCounters#DETAIL_ROWS_PREFIX}&lt;table&gt;), segments in the records read ({@value
 * RunCounters#SEGMENTS_READ}) and identical repeats of a segment within its session ({@value
 * RunCounters#REPEATED_SEGMENTS}), one row each, so segment rows + repeats = segments read.
 */
final class DetailRecordTables extends PTransform<PCollection<Conversation>, RunTables> {
  static final String CONVERSATIONS = "conversations";
  static final String PARTICIPANTS = "participants";
  static final String SESSIONS = "sessions";
  static final String SEGMENTS = "segments";
  static final String SESSION_METRICS = "session_metrics";
  static final List<String> TABLES =
      List.of(CONVERSATIONS, PARTICIPANTS, SESSIONS, SEGMENTS, SESSION_METRICS);
  private static final List<Class<?>> ROW_TYPES =
      List.of(ConversationRow.class, ParticipantRow.class, SessionRow.class, SegmentRow.class,
          SessionMetricRow.class);

  private DetailRecordTables() {}

  static DetailRecordTables create() {
    return new DetailRecordTables();
  }

  @Override
  public RunTables expand(PCollection<Conversation> conversations) {
    SchemaRegistry registry = conversations.getPipeline().getSchemaRegistry();
    List<Schema> schemas = new ArrayList<>();
    List<SerializableFunction<Object, Row>> toRows = new ArrayList<>();
    for (Class<?> type : ROW_TYPES) {
      schemas.add(schemaOf(registry, type));
      toRows.add(toRowOf(registry, type));
    }
    TableStream stream =
        TableStream.of(
            "DetailTables",
            conversations.apply("DetailRows", ParDo.of(new DetailRowsFn(toRows))),
            TABLES,
            schemas);
    return RunTables.of(
        conversations.getPipeline(),
        List.of(
            child(stream, 0, List.of("conversationId")),
            child(stream, 1, List.of("participantId")),
            child(stream, 2, List.of("sessionId")),
            child(stream, 3, List.of("sessionId", "ordinal")),
            child(stream, 4, List.of("sessionId", "ordinal"))));
  }

  /** A table of a conversation's detail: replaced per conversation, the conversation whole. */
  private static KpiTable child(TableStream stream, int index, List<String> key) {
    return KpiTable.inStream(stream, index, key, Kind.FACT)
        .withReplacedPer(KpiTable.CONVERSATION_ID);
  }

  private static Schema schemaOf(SchemaRegistry registry, Class<?> type) {
    try {
      return registry.getSchema(type);
    } catch (NoSuchSchemaException e) {
      throw new IllegalStateException(type + " has no schema", e);
    }
  }

  @SuppressWarnings("unchecked")
  private static SerializableFunction<Object, Row> toRowOf(SchemaRegistry registry, Class<?> type) {
    try {
      return (SerializableFunction<Object, Row>) (SerializableFunction<?, Row>)
          registry.getToRowFunction(type);
    } catch (NoSuchSchemaException e) {
      throw new IllegalStateException(type + " has no schema", e);
    }
  }

  /** Each conversation's rows of the five tables, tagged by table. */
  private static class DetailRowsFn extends DoFn<Conversation, RawUnionValue> {
    private final List<SerializableFunction<Object, Row>> toRows;
    private final Counter conversationRows = rows(CONVERSATIONS);
    private final Counter participantRows = rows(PARTICIPANTS);
    private final Counter sessionRows = rows(SESSIONS);
    private final Counter segmentRows = rows(SEGMENTS);
    private final Counter sessionMetricRows = rows(SESSION_METRICS);
    private final Counter segmentsRead =
        Metrics.counter(RunSummary.NAMESPACE, RunCounters.SEGMENTS_READ);
    private final Counter repeatedSegments =
        Metrics.counter(RunSummary.NAMESPACE, RunCounters.REPEATED_SEGMENTS);

    DetailRowsFn(List<SerializableFunction<Object, Row>> toRows) {
      this.toRows = toRows;
    }

    private static Counter rows(String table) {
      return Metrics.counter(RunSummary.NAMESPACE, RunCounters.DETAIL_ROWS_PREFIX + table);
    }

    @ProcessElement
    public void process(@Element Conversation conversation, OutputReceiver<RawUnionValue> out) {
      DetailRecord record = DetailRecord.of(conversation);
      emit(0, List.of(record.conversation()), out);
      emit(1, record.participants(), out);
      emit(2, record.sessions(), out);
      emit(3, record.segments(), out);
      emit(4, record.sessionMetrics(), out);
      conversationRows.inc();
      participantRows.inc(record.participants().size());
      sessionRows.inc(record.sessions().size());
      segmentRows.inc(record.segments().size());
      sessionMetricRows.inc(record.sessionMetrics().size());
      segmentsRead.inc(record.segmentsRead());
      repeatedSegments.inc(record.repeatedSegments());
    }

    private void emit(int table, List<?> rows, OutputReceiver<RawUnionValue> out) {
      SerializableFunction<Object, Row> toRow = toRows.get(table);
      for (Object row : rows) {
        out.output(new RawUnionValue(table, toRow.apply(row)));
      }
    }
  }
}
