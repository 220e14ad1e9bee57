package io.gckpi.pipeline;

import io.gckpi.pipeline.report.AhtBySkillHourlyReport;
import io.gckpi.pipeline.report.KpiDailyReport;
import io.gckpi.pipeline.tables.KpiTable;
import io.gckpi.pipeline.tables.KpiTable.Kind;
import io.gckpi.pipeline.tables.SumPerKey;
import io.gckpi.transforms.AhtBySkillHourly;
import io.gckpi.transforms.ComputeKpis;
import io.gckpi.transforms.FilteredInteraction;
import io.gckpi.transforms.InteractionKpis;
import io.gckpi.transforms.InteractionTimeline;
import io.gckpi.transforms.KpiDailyComponents;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.beam.sdk.schemas.NoSuchSchemaException;
import org.apache.beam.sdk.schemas.Schema;
import org.apache.beam.sdk.schemas.SchemaRegistry;
import org.apache.beam.sdk.schemas.transforms.Convert;
import org.apache.beam.sdk.transforms.Count;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.MapElements;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.SerializableFunction;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionTuple;
import org.apache.beam.sdk.values.Row;
import org.apache.beam.sdk.values.TupleTag;
import org.apache.beam.sdk.values.TupleTagList;
import org.apache.beam.sdk.values.TypeDescriptor;
import org.apache.beam.sdk.values.TypeDescriptors;

/**
 * The KPI tables of a run, keyed by extraction window where they are additive: a conversation
 * belongs to the window holding its start, so re-reading a window replaces exactly its own rows
 * and components, and the day's figures are the sum over its windows (DESIGN section 6).
 */
final class KpiRows {
  static final String WINDOW_ID = "windowId";
  private static final TupleTag<Row> DAILY = new TupleTag<Row>() {};
  private static final TupleTag<Row> AHT = new TupleTag<Row>() {};
  private static final Schema FILTERED =
      Schema.builder()
          .addStringField(WINDOW_ID)
          .addStringField("reason")
          .addInt64Field("count")
          .build();

  private KpiRows() {}

  static List<KpiTable> tables(ComputeKpis.Result kpis, Duration windowSize) {
    List<KpiTable> tables = new ArrayList<>();
    PCollection<InteractionKpis> interactions = kpis.getInteractions();
    PCollection<Row> interactionRows =
        interactions
            .apply("InteractionRows", ParDo.of(appendWindow(interactions.getToRowFunction(),
                withWindowId(interactions.getSchema()), windowSize)))
            .setRowSchema(withWindowId(interactions.getSchema()))
            .apply("CountWritten", RunCounters.count(RunCounters.WRITTEN))
            .apply(
                "CountOpen",
                RunCounters.count(
                    (Row row) -> RunCounters.OPEN,
                    row -> InteractionTimeline.OPEN.equals(row.getString("status")) ? 1L : 0L));
    tables.add(
        new KpiTable("interaction_timelines", interactionRows, List.of("conversationId"),
            Kind.FACT));

    SchemaRegistry registry = interactions.getPipeline().getSchemaRegistry();
    Schema dailySchema = withWindowId(schemaOf(registry, KpiDailyComponents.class));
    Schema ahtSchema = withWindowId(schemaOf(registry, AhtBySkillHourly.class));
    PCollectionTuple components =
        interactions.apply(
            "WindowComponents",
            ParDo.of(
                    new ComponentsFn(
                        toRow(registry, KpiDailyComponents.class),
                        dailySchema,
                        toRow(registry, AhtBySkillHourly.class),
                        ahtSchema,
                        windowSize))
                .withOutputTags(DAILY, TupleTagList.of(AHT)));
    PCollection<Row> daily =
        components
            .get(DAILY)
            .setRowSchema(dailySchema)
            .apply("SumDailyPerWindow",
                SumPerKey.of("reportDate", "queueId", "mediaType", WINDOW_ID));
    PCollection<Row> aht =
        components
            .get(AHT)
            .setRowSchema(ahtSchema)
            .apply("SumSkillHoursPerWindow", SumPerKey.of("hourStartMs", "skillId", WINDOW_ID));
    tables.add(new KpiTable("kpi_daily_components", daily,
        List.of("reportDate", "queueId", "mediaType", WINDOW_ID), Kind.COMPONENT));
    tables.add(new KpiTable("aht_by_skill_hourly_components", aht,
        List.of("hourStartMs", "skillId", WINDOW_ID), Kind.COMPONENT));

    tables.add(
        new KpiTable(
            "kpi_daily",
            daily
                .apply("SumDaily", SumPerKey.of("reportDate", "queueId", "mediaType"))
                .apply("DailyComponents", Convert.fromRows(KpiDailyComponents.class))
                .apply(
                    "DailyRates",
                    MapElements.into(TypeDescriptor.of(KpiDailyReport.class))
                        .via(KpiDailyReport::of))
                .apply("DailyRows", Convert.toRows()),
            List.of("reportDate", "queueId", "mediaType"),
            Kind.REPORT));
    tables.add(
        new KpiTable(
            "aht_by_skill_hourly",
            aht.apply("SumSkillHours", SumPerKey.of("hourStartMs", "skillId"))
                .apply("SkillHours", Convert.fromRows(AhtBySkillHourly.class))
                .apply(
                    "SkillHourAverages",
                    MapElements.into(TypeDescriptor.of(AhtBySkillHourlyReport.class))
                        .via(AhtBySkillHourlyReport::of))
                .apply("SkillHourRows", Convert.toRows()),
            List.of("hourStart", "skillId"),
            Kind.REPORT));
    tables.add(filteredCounts(kpis.getFiltered(), windowSize));
    return tables;
  }

  /** Exclusions counted per (window, reason), so a re-read window replaces its own counts. */
  private static KpiTable filteredCounts(
      PCollection<FilteredInteraction> filtered, Duration windowSize) {
    PCollection<Row> rows =
        filtered
            .apply(
                "FilteredWindowReason",
                MapElements.into(TypeDescriptors.kvs(TypeDescriptors.strings(),
                        TypeDescriptors.strings()))
                    .via((FilteredInteraction f) ->
                        KV.of(WindowIds.containing(f.getConversationStartMs(), windowSize),
                            f.getReason())))
            .apply("CountPerWindowReason", Count.perElement())
            .apply(
                "FilteredCountRows",
                MapElements.into(TypeDescriptor.of(Row.class))
                    .via((KV<KV<String, String>, Long> kv) ->
                        Row.withSchema(FILTERED)
                            .addValues(kv.getKey().getKey(), kv.getKey().getValue(),
                                kv.getValue())
                            .build()))
            .setRowSchema(FILTERED)
            .apply(
                "CountFiltered",
                RunCounters.count(
                    (Row row) -> RunCounters.FILTERED_PREFIX + row.getString("reason"),
                    row -> row.getInt64("count")));
    return new KpiTable("filtered_counts", rows, List.of(WINDOW_ID, "reason"), Kind.FACT);
  }

  private static Schema schemaOf(SchemaRegistry registry, Class<?> type) {
    try {
      return registry.getSchema(type);
    } catch (NoSuchSchemaException e) {
      throw new IllegalStateException(type + " has no Beam schema", e);
    }
  }

  private static <T> SerializableFunction<T, Row> toRow(SchemaRegistry registry, Class<T> type) {
    try {
      return registry.getToRowFunction(type);
    } catch (NoSuchSchemaException e) {
      throw new IllegalStateException(type + " has no Beam schema", e);
    }
  }

  static Schema withWindowId(Schema schema) {
    return Schema.builder().addFields(schema.getFields()).addStringField(WINDOW_ID).build();
  }

  static Row appendWindowId(Row row, Schema schema, String windowId) {
    return Row.withSchema(schema).addValues(row.getValues()).addValue(windowId).build();
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

  /** Each closed interaction's daily and per-skill components, tagged with its window. */
  private static class ComponentsFn extends DoFn<InteractionKpis, Row> {
    private final SerializableFunction<KpiDailyComponents, Row> dailyToRow;
    private final Schema dailySchema;
    private final SerializableFunction<AhtBySkillHourly, Row> ahtToRow;
    private final Schema ahtSchema;
    private final Duration windowSize;

    ComponentsFn(
        SerializableFunction<KpiDailyComponents, Row> dailyToRow,
        Schema dailySchema,
        SerializableFunction<AhtBySkillHourly, Row> ahtToRow,
        Schema ahtSchema,
        Duration windowSize) {
      this.dailyToRow = dailyToRow;
      this.dailySchema = dailySchema;
      this.ahtToRow = ahtToRow;
      this.ahtSchema = ahtSchema;
      this.windowSize = windowSize;
    }

    @ProcessElement
    public void process(@Element InteractionKpis k, MultiOutputReceiver out) {
      if (!InteractionTimeline.CLOSED.equals(k.getStatus())) {
        return; // open conversations stay out of daily KPIs until they close
      }
      String windowId = WindowIds.containing(k.getConversationStartMs(), windowSize);
      out.get(DAILY)
          .output(appendWindowId(dailyToRow.apply(KpiDailyComponents.of(k)), dailySchema,
              windowId));
      for (AhtBySkillHourly skillHour : AhtBySkillHourly.of(k)) {
        out.get(AHT).output(appendWindowId(ahtToRow.apply(skillHour), ahtSchema, windowId));
      }
    }
  }
}
