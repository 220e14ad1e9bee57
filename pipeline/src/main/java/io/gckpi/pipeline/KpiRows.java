package io.gckpi.pipeline;

import io.gckpi.pipeline.ledger.WindowIds;
import io.gckpi.pipeline.report.AhtBySkillHourlyReport;
import io.gckpi.pipeline.report.KpiDailyReport;
import io.gckpi.pipeline.tables.KpiTable.Kind;
import io.gckpi.pipeline.tables.KpiTable;
import io.gckpi.transforms.AhtBySkillHourly;
import io.gckpi.transforms.ComputeKpis;
import io.gckpi.transforms.InteractionKpis;
import io.gckpi.transforms.InteractionTimeline;
import io.gckpi.transforms.KpiDailyComponents;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.beam.sdk.schemas.Schema;
import org.apache.beam.sdk.schemas.transforms.Convert;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.MapElements;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.SerializableFunction;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.TypeDescriptor;
import org.apache.beam.sdk.values.Row;

/**
 * The KPI tables of a run, as {@link ComputeKpis} aggregates them: the job writes the composite's
 * own outputs and aggregates nothing again. Tables keyed by extraction window hold what belongs
 * to the window holding a conversation's start, so re-reading a window replaces exactly its own
 * rows and components, and the day's figures are the sum over its windows.
 */
final class KpiRows {
  static final String WINDOW_ID = "windowId";

  private KpiRows() {}

  /** The extraction window holding a conversation start, for {@link ComputeKpis}. */
  static SerializableFunction<Long, String> windowOfStart(Duration windowSize) {
    return startMs -> WindowIds.containing(startMs, windowSize);
  }

  /**
   * @param names id to name of queues, wrap-up codes and skills, for the reports' name columns
   */
  static List<KpiTable> tables(
      ComputeKpis.Result kpis, Duration windowSize, Map<String, String> names) {
    List<KpiTable> tables = new ArrayList<>();
    PCollection<InteractionKpis> interactions = kpis.getInteractions();
    Schema interactionSchema = withWindowId(interactions.getSchema());
    PCollection<Row> interactionRows =
        interactions
            .apply("InteractionRows", ParDo.of(appendWindow(interactions.getToRowFunction(),
                interactionSchema, windowSize)))
            .setRowSchema(interactionSchema)
            .apply("CountWritten", RunCounters.count(RunCounters.WRITTEN))
            .apply(
                "SpanOfStarts",
                RunCounters.distribution(
                    RunCounters.CONVERSATION_START_MS,
                    (Row row) -> row.getInt64("conversationStartMs")))
            .apply(
                "CountOpen",
                RunCounters.count(
                    (Row row) -> RunCounters.OPEN,
                    row -> InteractionTimeline.OPEN.equals(row.getString("status")) ? 1L : 0L));
    // Keyed by conversation, and replaced per window besides: a re-read of a window deletes its
    // timelines first, so a conversation that the window no longer yields as a timeline (held
    // malformed now, or no longer returned) leaves no stale row to be counted.
    tables.add(
        new KpiTable("interaction_timelines", interactionRows, List.of("conversationId"),
            Kind.FACT).withReplacedPer(WINDOW_ID));

    tables.add(new KpiTable("kpi_daily_components",
        kpis.getKpiDailyComponents().apply("DailyComponentRows", Convert.toRows()),
        List.of("reportDate", "queueId", "mediaType", WINDOW_ID), Kind.COMPONENT));
    tables.add(new KpiTable("aht_by_skill_hourly_components",
        kpis.getAhtBySkillHourlyComponents().apply("SkillHourComponentRows", Convert.toRows()),
        List.of("hourStartMs", "skillId", WINDOW_ID), Kind.COMPONENT));
    tables.add(
        new KpiTable(
            "kpi_daily",
            kpis.getKpiDaily()
                .apply(
                    "DailyRates",
                    MapElements.into(TypeDescriptor.of(KpiDailyReport.class))
                        .via(day -> KpiDailyReport.of(day, names.get(day.getQueueId()))))
                .apply("DailyRows", Convert.toRows()),
            List.of("reportDate", "queueId", "mediaType"),
            Kind.REPORT));
    tables.add(
        new KpiTable(
            "aht_by_skill_hourly",
            kpis.getAhtBySkillHourly()
                .apply(
                    "SkillHourAverages",
                    MapElements.into(TypeDescriptor.of(AhtBySkillHourlyReport.class))
                        .via(hour -> AhtBySkillHourlyReport.of(hour, names.get(hour.getSkillId()))))
                .apply("SkillHourRows", Convert.toRows()),
            List.of("hourStart", "skillId"),
            Kind.REPORT));
    PCollection<Row> filtered =
        kpis.getFilteredCounts()
            .apply("FilteredCountRows", Convert.toRows())
            .apply(
                "CountFiltered",
                RunCounters.count(
                    (Row row) -> RunCounters.FILTERED_PREFIX + row.getString("reason"),
                    row -> row.getInt64("count")));
    tables.add(new KpiTable("filtered_counts", filtered, List.of(WINDOW_ID, "reason"), Kind.FACT));
    return tables;
  }

  static Schema withWindowId(Schema schema) {
    return Schema.builder().addFields(schema.getFields()).addStringField(WINDOW_ID).build();
  }

  /** {@code row}'s values and the window id, as a row of {@code schema} (its schema and it). */
  static Row appendWindowId(Row row, Schema schema, String windowId) {
    List<Object> values = new ArrayList<>(schema.getFieldCount());
    values.addAll(row.getValues());
    values.add(windowId);
    // The values are the row's own, already checked against its schema.
    return Row.withSchema(schema).attachValues(values);
  }

  private static DoFn<InteractionKpis, Row> appendWindow(
      SerializableFunction<InteractionKpis, Row> toRow, Schema schema, Duration windowSize) {
    return new DoFn<InteractionKpis, Row>() {
      @ProcessElement
      public void process(@Element InteractionKpis k, OutputReceiver<Row> out) {
        out.output(appendWindowId(toRow.apply(k), schema,
            WindowIds.containing(k.getConversationStartMs(), windowSize)));
      }
    };
  }
}
