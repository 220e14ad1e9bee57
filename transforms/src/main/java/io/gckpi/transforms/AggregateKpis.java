package io.gckpi.transforms;

import org.apache.beam.sdk.transforms.Combine;
import org.apache.beam.sdk.transforms.Count;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.Filter;
import org.apache.beam.sdk.transforms.MapElements;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.SerializableFunction;
import org.apache.beam.sdk.transforms.Values;
import org.apache.beam.sdk.transforms.WithKeys;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionTuple;
import org.apache.beam.sdk.values.TupleTag;
import org.apache.beam.sdk.values.TupleTagList;
import org.apache.beam.sdk.values.TypeDescriptor;
import org.apache.beam.sdk.values.TypeDescriptors;

/**
 * The job's one aggregation of interaction rows, from which every sink writes:
 *
 * <ul>
 *   <li>kpi_daily components per (report date, queue, media, extraction window) and AHT per
 *       (hour, skill, window), summed over closed interactions: an open conversation stays out of
 *       daily KPIs until it closes. A conversation belongs to the window holding its start, so
 *       re-reading a window replaces exactly its own components.
 *   <li>the day and hour totals, summed from those components: sums of sums, so any split of the
 *       input into windows gives the same totals.
 *   <li>exclusions counted per (window, reason), from the interaction rows' excluded reasons.
 * </ul>
 *
 * <p>Without {@link #withExtractionWindows} every interaction is in one window, {@code ""}.
 */
public class AggregateKpis extends PTransform<PCollection<InteractionKpis>, AggregateKpis.Result> {
  private static final TupleTag<KpiDailyComponents> DAILY_COMPONENTS =
      new TupleTag<KpiDailyComponents>() {};
  private static final TupleTag<AhtBySkillHourly> AHT_COMPONENTS =
      new TupleTag<AhtBySkillHourly>() {};
  private static final TupleTag<KpiDailyComponents> DAILY = new TupleTag<KpiDailyComponents>() {};
  private static final TupleTag<AhtBySkillHourly> AHT = new TupleTag<AhtBySkillHourly>() {};
  private static final TupleTag<FilteredCount> FILTERED_COUNTS = new TupleTag<FilteredCount>() {};

  private final SerializableFunction<Long, String> windowOfStart;

  private AggregateKpis(SerializableFunction<Long, String> windowOfStart) {
    this.windowOfStart = windowOfStart;
  }

  public static AggregateKpis create() {
    return new AggregateKpis(startMs -> "");
  }

  /** The extraction window id holding a conversation start (epoch ms). */
  public AggregateKpis withExtractionWindows(SerializableFunction<Long, String> windowOfStart) {
    return new AggregateKpis(windowOfStart);
  }

  @Override
  public Result expand(PCollection<InteractionKpis> interactions) {
    PCollectionTuple components =
        interactions.apply(
            "WindowComponents",
            ParDo.of(new ComponentsFn(windowOfStart))
                .withOutputTags(DAILY_COMPONENTS, TupleTagList.of(AHT_COMPONENTS)));
    PCollection<KpiDailyComponents> dailyPerWindow =
        components
            .get(DAILY_COMPONENTS)
            .apply("ByDayWindow",
                WithKeys.of(KpiDailyComponents::windowKey).withKeyType(TypeDescriptors.strings()))
            .apply("SumDailyPerWindow", Combine.perKey(KpiDailyComponents::plus))
            .apply("DailyPerWindow", Values.create());
    PCollection<KpiDailyComponents> daily =
        dailyPerWindow
            .apply("DayTotalPart", MapElements.into(TypeDescriptor.of(KpiDailyComponents.class))
                .via(KpiDailyComponents::withoutWindow))
            .apply("ByDay",
                WithKeys.of(KpiDailyComponents::dayKey).withKeyType(TypeDescriptors.strings()))
            .apply("SumDaily", Combine.perKey(KpiDailyComponents::plus))
            .apply("Daily", Values.create());
    PCollection<AhtBySkillHourly> ahtPerWindow =
        components
            .get(AHT_COMPONENTS)
            .apply("BySkillHourWindow",
                WithKeys.of(AhtBySkillHourly::windowKey).withKeyType(TypeDescriptors.strings()))
            .apply("SumSkillHoursPerWindow", Combine.perKey(AhtBySkillHourly::plus))
            .apply("SkillHourlyPerWindow", Values.create());
    PCollection<AhtBySkillHourly> aht =
        ahtPerWindow
            .apply("HourTotalPart", MapElements.into(TypeDescriptor.of(AhtBySkillHourly.class))
                .via(AhtBySkillHourly::withoutWindow))
            .apply("BySkillHour",
                WithKeys.of(AhtBySkillHourly::hourKey).withKeyType(TypeDescriptors.strings()))
            .apply("SumSkillHours", Combine.perKey(AhtBySkillHourly::plus))
            .apply("SkillHourly", Values.create());
    SerializableFunction<Long, String> window = windowOfStart;
    PCollection<FilteredCount> filteredCounts =
        interactions
            .apply("Excluded", Filter.by((InteractionKpis k) -> k.getExcludedReason() != null))
            .apply("WindowReason",
                MapElements.into(
                        TypeDescriptors.kvs(TypeDescriptors.strings(), TypeDescriptors.strings()))
                    .via((InteractionKpis k) ->
                        KV.of(window.apply(k.getConversationStartMs()), k.getExcludedReason())))
            .apply("CountPerWindowReason", Count.perElement())
            .apply("FilteredCounts",
                MapElements.into(TypeDescriptor.of(FilteredCount.class))
                    .via((KV<KV<String, String>, Long> kv) ->
                        FilteredCount.create(
                            kv.getKey().getKey(), kv.getKey().getValue(), kv.getValue())));
    return new Result(
        PCollectionTuple.of(DAILY_COMPONENTS, dailyPerWindow)
            .and(AHT_COMPONENTS, ahtPerWindow)
            .and(DAILY, daily)
            .and(AHT, aht)
            .and(FILTERED_COUNTS, filteredCounts));
  }

  /** Each closed interaction's daily and per-skill components, in its window. */
  private static class ComponentsFn extends DoFn<InteractionKpis, KpiDailyComponents> {
    private final SerializableFunction<Long, String> windowOfStart;

    ComponentsFn(SerializableFunction<Long, String> windowOfStart) {
      this.windowOfStart = windowOfStart;
    }

    @ProcessElement
    public void process(@Element InteractionKpis k, MultiOutputReceiver out) {
      if (!InteractionTimeline.CLOSED.equals(k.getStatus())) {
        return; // open conversations stay out of daily KPIs until they close
      }
      String windowId = windowOfStart.apply(k.getConversationStartMs());
      KpiDailyComponents daily = KpiDailyComponents.of(k, windowId);
      if (daily != null) {
        out.get(DAILY_COMPONENTS).output(daily);
      }
      for (AhtBySkillHourly skillHour : AhtBySkillHourly.of(k, windowId)) {
        out.get(AHT_COMPONENTS).output(skillHour);
      }
    }
  }

  /** The aggregate tables: per window, their day and hour totals, and exclusion counts. */
  public static class Result extends TaggedResult {
    Result(PCollectionTuple tuple) {
      super(tuple);
    }

    /** kpi_daily components per (report date, queue, media, window). */
    public PCollection<KpiDailyComponents> getKpiDailyComponents() {
      return get(DAILY_COMPONENTS);
    }

    /** AHT components per (hour, skill, window). */
    public PCollection<AhtBySkillHourly> getAhtBySkillHourlyComponents() {
      return get(AHT_COMPONENTS);
    }

    /** kpi_daily components per (report date, queue, media), window "". */
    public PCollection<KpiDailyComponents> getKpiDaily() {
      return get(DAILY);
    }

    /** AHT per (hour, skill), window "". */
    public PCollection<AhtBySkillHourly> getAhtBySkillHourly() {
      return get(AHT);
    }

    /** Interaction rows with an excluded reason, counted per (window, reason). */
    public PCollection<FilteredCount> getFilteredCounts() {
      return get(FILTERED_COUNTS);
    }
  }
}
