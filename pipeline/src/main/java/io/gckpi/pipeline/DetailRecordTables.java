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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.metrics.Counter;
import org.apache.beam.sdk.metrics.Metrics;
import org.apache.beam.sdk.schemas.transforms.Convert;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionTuple;
import org.apache.beam.sdk.values.PInput;
import org.apache.beam.sdk.values.POutput;
import org.apache.beam.sdk.values.PValue;
import org.apache.beam.sdk.values.Row;
import org.apache.beam.sdk.values.TupleTag;
import org.apache.beam.sdk.values.TupleTagList;

/**
 * The conversation detail records as tables, for data engineers who build their own KPIs:
 * {@code conversations}, {@code participants}, {@code sessions}, {@code segments} and
 * {@code session_metrics}, one pass over the parsed, de-duplicated conversations (the same
 * elements the KPIs are computed from; the raw text is not read again).
 *
 * <p>Keys are Genesys' ids: conversationId, participantId, sessionId, and (sessionId, ordinal)
 * for segments and session metrics, which have none ({@link DetailRecord}). The child tables
 * carry the conversationId and are replaced per conversation ({@link KpiTable#replacedPer()}): a
 * conversation read again replaces all of its rows, since Genesys may drop, merge or reorder
 * segments when it reprocesses one and an upsert by key would leave the rows it no longer
 * produces. Every conversation that parses has rows here, those the timeline rules hold malformed
 * too: the tables are the record as Genesys sent it.
 *
 * <p>Counted for the run summary as the rows are made: rows per table ({@value
 * RunCounters#DETAIL_ROWS_PREFIX}&lt;table&gt;), segments in the records read ({@value
 * RunCounters#SEGMENTS_READ}) and identical repeats of a segment within its session ({@value
 * RunCounters#REPEATED_SEGMENTS}), one row each, so segment rows + repeats = segments read.
 */
final class DetailRecordTables
    extends PTransform<PCollection<Conversation>, DetailRecordTables.Result> {
  static final String CONVERSATIONS = "conversations";
  static final String PARTICIPANTS = "participants";
  static final String SESSIONS = "sessions";
  static final String SEGMENTS = "segments";
  static final String SESSION_METRICS = "session_metrics";
  static final List<String> TABLES =
      List.of(CONVERSATIONS, PARTICIPANTS, SESSIONS, SEGMENTS, SESSION_METRICS);

  private static final TupleTag<ConversationRow> CONVERSATION_ROWS =
      new TupleTag<ConversationRow>() {};
  private static final TupleTag<ParticipantRow> PARTICIPANT_ROWS =
      new TupleTag<ParticipantRow>() {};
  private static final TupleTag<SessionRow> SESSION_ROWS = new TupleTag<SessionRow>() {};
  private static final TupleTag<SegmentRow> SEGMENT_ROWS = new TupleTag<SegmentRow>() {};
  private static final TupleTag<SessionMetricRow> SESSION_METRIC_ROWS =
      new TupleTag<SessionMetricRow>() {};

  private DetailRecordTables() {}

  static DetailRecordTables create() {
    return new DetailRecordTables();
  }

  @Override
  public Result expand(PCollection<Conversation> conversations) {
    PCollectionTuple typed =
        conversations.apply(
            "DetailRows",
            ParDo.of(new DetailRowsFn())
                .withOutputTags(
                    CONVERSATION_ROWS,
                    TupleTagList.of(PARTICIPANT_ROWS)
                        .and(SESSION_ROWS)
                        .and(SEGMENT_ROWS)
                        .and(SESSION_METRIC_ROWS)));
    PCollectionTuple rows =
        PCollectionTuple.of(CONVERSATIONS, rows(typed, CONVERSATION_ROWS, "ConversationRows"))
            .and(PARTICIPANTS, rows(typed, PARTICIPANT_ROWS, "ParticipantRows"))
            .and(SESSIONS, rows(typed, SESSION_ROWS, "SessionRows"))
            .and(SEGMENTS, rows(typed, SEGMENT_ROWS, "SegmentRows"))
            .and(SESSION_METRICS, rows(typed, SESSION_METRIC_ROWS, "SessionMetricRows"));
    return new Result(typed, rows);
  }

  private static <T> PCollection<Row> rows(
      PCollectionTuple typed, TupleTag<T> tag, String stepName) {
    return typed.get(tag).apply(stepName, Convert.toRows());
  }

  private static class DetailRowsFn extends DoFn<Conversation, ConversationRow> {
    private final Counter conversationRows = rows(CONVERSATIONS);
    private final Counter participantRows = rows(PARTICIPANTS);
    private final Counter sessionRows = rows(SESSIONS);
    private final Counter segmentRows = rows(SEGMENTS);
    private final Counter sessionMetricRows = rows(SESSION_METRICS);
    private final Counter segmentsRead =
        Metrics.counter(RunSummary.NAMESPACE, RunCounters.SEGMENTS_READ);
    private final Counter repeatedSegments =
        Metrics.counter(RunSummary.NAMESPACE, RunCounters.REPEATED_SEGMENTS);

    private static Counter rows(String table) {
      return Metrics.counter(RunSummary.NAMESPACE, RunCounters.DETAIL_ROWS_PREFIX + table);
    }

    @ProcessElement
    public void process(@Element Conversation conversation, MultiOutputReceiver out) {
      DetailRecord record = DetailRecord.of(conversation);
      out.get(CONVERSATION_ROWS).output(record.conversation());
      record.participants().forEach(out.get(PARTICIPANT_ROWS)::output);
      record.sessions().forEach(out.get(SESSION_ROWS)::output);
      record.segments().forEach(out.get(SEGMENT_ROWS)::output);
      record.sessionMetrics().forEach(out.get(SESSION_METRIC_ROWS)::output);
      conversationRows.inc();
      participantRows.inc(record.participants().size());
      sessionRows.inc(record.sessions().size());
      segmentRows.inc(record.segments().size());
      sessionMetricRows.inc(record.sessionMetrics().size());
      segmentsRead.inc(record.segmentsRead());
      repeatedSegments.inc(record.repeatedSegments());
    }
  }

  /** The rows of each detail table, typed, and the tables as every sink writes them. */
  static final class Result implements POutput {
    private final PCollectionTuple typed;
    private final PCollectionTuple rows;

    private Result(PCollectionTuple typed, PCollectionTuple rows) {
      this.typed = typed;
      this.rows = rows;
    }

    PCollection<ConversationRow> getConversations() {
      return typed.get(CONVERSATION_ROWS);
    }

    PCollection<ParticipantRow> getParticipants() {
      return typed.get(PARTICIPANT_ROWS);
    }

    PCollection<SessionRow> getSessions() {
      return typed.get(SESSION_ROWS);
    }

    PCollection<SegmentRow> getSegments() {
      return typed.get(SEGMENT_ROWS);
    }

    PCollection<SessionMetricRow> getSessionMetrics() {
      return typed.get(SESSION_METRIC_ROWS);
    }

    /**
     * The five tables, declared once for every sink: conversations upserted by id, the child
     * tables replaced per conversation.
     */
    List<KpiTable> tables() {
      return List.of(
          new KpiTable(CONVERSATIONS, rows.get(CONVERSATIONS), List.of("conversationId"),
              Kind.FACT),
          child(PARTICIPANTS, List.of("participantId")),
          child(SESSIONS, List.of("sessionId")),
          child(SEGMENTS, List.of("sessionId", "ordinal")),
          child(SESSION_METRICS, List.of("sessionId", "ordinal")));
    }

    private KpiTable child(String name, List<String> key) {
      return new KpiTable(name, rows.<Row>get(name), key, Kind.FACT)
          .withReplacedPer(KpiTable.CONVERSATION_ID);
    }

    @Override
    public Pipeline getPipeline() {
      return typed.getPipeline();
    }

    @Override
    public Map<TupleTag<?>, PValue> expand() {
      Map<TupleTag<?>, PValue> all = new LinkedHashMap<>(typed.expand());
      all.putAll(rows.expand());
      return all;
    }

    @Override
    public void finishSpecifyingOutput(
        String transformName, PInput input, PTransform<?, ?> transform) {}
  }
}
