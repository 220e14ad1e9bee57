package io.gckpi.transforms;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.beam.sdk.transforms.Combine;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.Filter;
import org.apache.beam.sdk.transforms.MapElements;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.SerializableBiFunction;
import org.apache.beam.sdk.transforms.SerializableFunction;
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

  private static final long DAY_MS = 86_400_000L;

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
    PCollectionTuple daily =
        components
            .get(DAILY_COMPONENTS)
            .apply("ByReportDate",
                WithKeys.of(KpiDailyComponents::getReportDate)
                    .withKeyType(TypeDescriptors.strings()))
            .apply("SumDailyPerWindow",
                Combine.perKey(SumsByKey.of(KpiDailyComponents::windowKey,
                    KpiDailyComponents::plus)))
            .apply("DailyPerWindowAndDay",
                ParDo.of(new PerWindowAndTotalFn<>(DAILY_COMPONENTS, DAILY,
                        KpiDailyComponents::withoutWindow, KpiDailyComponents::dayKey,
                        KpiDailyComponents::plus))
                    .withOutputTags(DAILY_COMPONENTS, TupleTagList.of(DAILY)));
    PCollectionTuple aht =
        components
            .get(AHT_COMPONENTS)
            .apply("ByUtcDay",
                WithKeys.of((AhtBySkillHourly h) -> Long.toString(Math.floorDiv(h.getHourStartMs(), DAY_MS)))
                    .withKeyType(TypeDescriptors.strings()))
            .apply("SumSkillHoursPerWindow",
                Combine.perKey(SumsByKey.of(AhtBySkillHourly::windowKey, AhtBySkillHourly::plus)))
            .apply("SkillHourlyPerWindowAndHour",
                ParDo.of(new PerWindowAndTotalFn<>(AHT_COMPONENTS, AHT,
                        AhtBySkillHourly::withoutWindow, AhtBySkillHourly::hourKey,
                        AhtBySkillHourly::plus))
                    .withOutputTags(AHT_COMPONENTS, TupleTagList.of(AHT)));
    daily.get(DAILY_COMPONENTS).setCoder(components.get(DAILY_COMPONENTS).getCoder());
    daily.get(DAILY).setCoder(components.get(DAILY_COMPONENTS).getCoder());
    aht.get(AHT_COMPONENTS).setCoder(components.get(AHT_COMPONENTS).getCoder());
    aht.get(AHT).setCoder(components.get(AHT_COMPONENTS).getCoder());
    SerializableFunction<Long, String> window = windowOfStart;
    PCollection<FilteredCount> filteredCounts =
        interactions
            .apply("Excluded", Filter.by((InteractionKpis k) -> k.getExcludedReason() != null))
            .apply("WindowReason",
                MapElements.into(TypeDescriptor.of(FilteredCount.class))
                    .via((InteractionKpis k) -> FilteredCount.create(
                        window.apply(k.getConversationStartMs()), k.getExcludedReason(), 1)))
            .apply("ByWindowDay",
                WithKeys.of((FilteredCount f) -> dayOfWindow(f.getWindowId()))
                    .withKeyType(TypeDescriptors.strings()))
            .apply("CountPerWindowReason",
                Combine.perKey(SumsByKey.of(FilteredCount::key, FilteredCount::plus)))
            .apply("FilteredCounts",
                ParDo.of(new DoFn<KV<String, Map<String, FilteredCount>>, FilteredCount>() {
                  @ProcessElement
                  public void process(@Element KV<String, Map<String, FilteredCount>> day,
                      OutputReceiver<FilteredCount> out) {
                    new TreeMap<>(day.getValue()).values().forEach(out::output);
                  }
                }));
    return new Result(
        PCollectionTuple.of(DAILY_COMPONENTS, daily.get(DAILY_COMPONENTS))
            .and(AHT_COMPONENTS, aht.get(AHT_COMPONENTS))
            .and(DAILY, daily.get(DAILY))
            .and(AHT, aht.get(AHT))
            .and(FILTERED_COUNTS, filteredCounts));
  }

  /** The UTC date a window id starts on ({@code 2024-01-15T...}); the id itself if it has none. */
  static String dayOfWindow(String windowId) {
    int time = windowId.indexOf('T');
    return time < 0 ? windowId : windowId.substring(0, time);
  }

  /**
   * A day's sums per window, in key order, and their totals over the windows: sums of sums, so
   * any split of the input into windows gives the same totals. Every window of a total lies in the
   * same combine key (its day), so a total is whole here.
   */
  private static class PerWindowAndTotalFn<T> extends DoFn<KV<String, Map<String, T>>, T> {
    private final TupleTag<T> perWindow;
    private final TupleTag<T> total;
    private final SerializableFunction<T, T> withoutWindow;
    private final SerializableFunction<T, String> totalKey;
    private final SerializableBiFunction<T, T, T> plus;

    PerWindowAndTotalFn(TupleTag<T> perWindow, TupleTag<T> total,
        SerializableFunction<T, T> withoutWindow, SerializableFunction<T, String> totalKey,
        SerializableBiFunction<T, T, T> plus) {
      this.perWindow = perWindow;
      this.total = total;
      this.withoutWindow = withoutWindow;
      this.totalKey = totalKey;
      this.plus = plus;
    }

    @ProcessElement
    public void process(@Element KV<String, Map<String, T>> day, MultiOutputReceiver out) {
      Map<String, T> sorted = new TreeMap<>(day.getValue());
      List<T> parts = new ArrayList<>(sorted.size());
      for (T windowSum : sorted.values()) {
        out.get(perWindow).output(windowSum);
        parts.add(withoutWindow.apply(windowSum));
      }
      new TreeMap<>(SumsByKey.addAll(new HashMap<>(), parts, totalKey, plus)).values()
          .forEach(out.get(total)::output);
    }
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
