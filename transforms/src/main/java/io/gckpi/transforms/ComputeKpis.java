package io.gckpi.transforms;

import io.gckpi.genesys.model.Conversation;
import java.util.Map;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionTuple;
import org.apache.beam.sdk.values.TupleTag;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.SerializableFunction;

/**
 * Parsed conversations to every KPI output, by the spec:
 *
 * <pre>
 * ValidateTimelines -> BuildTimelines -> GenesysMetricCheck -> ClassifyHolds -> ApplyBusinessHours
 *   -> FilterInteractions (tags) -> ComputeInteractionKpis -> RepeatContactFcr -> AggregateKpis
 * </pre>
 *
 * Every conversation in ends in exactly one of {@link Result#getInteractions()} (closed or open,
 * with an excluded reason where a filter keeps it out of a KPI set) or {@link
 * Result#getMalformed()}. The aggregates are the job's own: every sink writes them as they come
 * out of here.
 */
public class ComputeKpis extends PTransform<PCollection<Conversation>, ComputeKpis.Result> {
  private static final TupleTag<InteractionKpis> INTERACTIONS = new TupleTag<InteractionKpis>() {};
  private static final TupleTag<MalformedInteraction> MALFORMED =
      new TupleTag<MalformedInteraction>() {};
  private static final TupleTag<FilteredCount> FILTERED_COUNTS = new TupleTag<FilteredCount>() {};
  private static final TupleTag<KpiDailyComponents> DAILY_COMPONENTS =
      new TupleTag<KpiDailyComponents>() {};
  private static final TupleTag<AhtBySkillHourly> AHT_COMPONENTS =
      new TupleTag<AhtBySkillHourly>() {};
  private static final TupleTag<KpiDailyComponents> DAILY = new TupleTag<KpiDailyComponents>() {};
  private static final TupleTag<AhtBySkillHourly> AHT = new TupleTag<AhtBySkillHourly>() {};

  private final KpiSpec spec;
  private final Map<String, String> referenceNames;
  private final long observedUntilMs;
  private final AggregateKpis aggregate;

  private ComputeKpis(
      KpiSpec spec,
      Map<String, String> referenceNames,
      long observedUntilMs,
      AggregateKpis aggregate) {
    this.spec = spec;
    this.referenceNames = referenceNames;
    this.observedUntilMs = observedUntilMs;
    this.aggregate = aggregate;
  }

  public static ComputeKpis withSpec(KpiSpec spec) {
    return new ComputeKpis(spec, Map.of(), Long.MAX_VALUE, AggregateKpis.create());
  }

  /**
   * The end of the time the input covers (epoch ms), for {@link RepeatContactFcr}: contacts after
   * it are unknown, so look-aheads reaching past it stay undecided.
   */
  public ComputeKpis withObservedUntil(long observedUntilMs) {
    return new ComputeKpis(spec, referenceNames, observedUntilMs, aggregate);
  }

  /**
   * Id to name of queues and wrap-up codes, from reference data: the spec may then name them
   * (internal queues, FCR and excluded codes) instead of giving ids.
   */
  public ComputeKpis withReferenceNames(Map<String, String> names) {
    return new ComputeKpis(spec, names, observedUntilMs, aggregate);
  }

  /**
   * The extraction window id holding a conversation start (epoch ms): the aggregates' components
   * and filtered counts are kept per window ({@link AggregateKpis#withExtractionWindows}).
   */
  public ComputeKpis withExtractionWindows(SerializableFunction<Long, String> windowOfStart) {
    return new ComputeKpis(
        spec, referenceNames, observedUntilMs, aggregate.withExtractionWindows(windowOfStart));
  }

  @Override
  public Result expand(PCollection<Conversation> conversations) {
    ValidateTimelines.Result validated = conversations.apply("Validate", ValidateTimelines.create());
    BuildTimelines build = BuildTimelines.create().withReferenceNames(referenceNames);
    FilterInteractions filter = FilterInteractions.withSpec(spec).withReferenceNames(referenceNames);
    PCollection<InteractionKpis> interactions =
        validated
            .getValid()
            .apply("BuildTimelines", build)
            .apply("GenesysMetricCheck", GenesysMetricCheck.create())
            .apply("ClassifyHolds", ClassifyHolds.withSpec(spec))
            .apply("BusinessHours", ApplyBusinessHours.withSpec(spec))
            .apply("Filter", filter)
            .apply("InteractionKpis", ComputeInteractionKpis.withSpec(spec))
            .apply(
                "RepeatContactFcr",
                RepeatContactFcr.withSpec(spec).withObservedUntil(observedUntilMs));
    AggregateKpis.Result aggregates = interactions.apply("Aggregate", aggregate);
    return new Result(
        PCollectionTuple.of(INTERACTIONS, interactions)
            .and(MALFORMED, validated.getMalformed())
            .and(FILTERED_COUNTS, aggregates.getFilteredCounts())
            .and(DAILY_COMPONENTS, aggregates.getKpiDailyComponents())
            .and(AHT_COMPONENTS, aggregates.getAhtBySkillHourlyComponents())
            .and(DAILY, aggregates.getKpiDaily())
            .and(AHT, aggregates.getAhtBySkillHourly()));
  }

  /** Every output of the KPI transforms. */
  public static class Result extends TaggedResult {
    Result(PCollectionTuple tuple) {
      super(tuple);
    }

    /** One row per well-formed conversation, excluded ones with their reason. */
    public PCollection<InteractionKpis> getInteractions() {
      return get(INTERACTIONS);
    }

    public PCollection<MalformedInteraction> getMalformed() {
      return get(MALFORMED);
    }

    /** Interaction rows with an excluded reason, per (window, reason). */
    public PCollection<FilteredCount> getFilteredCounts() {
      return get(FILTERED_COUNTS);
    }

    /** kpi_daily components per (report date, queue, media, window). */
    public PCollection<KpiDailyComponents> getKpiDailyComponents() {
      return get(DAILY_COMPONENTS);
    }

    /** AHT components per (hour, skill, window). */
    public PCollection<AhtBySkillHourly> getAhtBySkillHourlyComponents() {
      return get(AHT_COMPONENTS);
    }

    /** kpi_daily components per (report date, queue, media): the day totals over windows. */
    public PCollection<KpiDailyComponents> getKpiDaily() {
      return get(DAILY);
    }

    /** AHT per (hour, skill): the hour totals over windows. */
    public PCollection<AhtBySkillHourly> getAhtBySkillHourly() {
      return get(AHT);
    }
  }
}
