package io.gckpi.transforms;

import io.gckpi.genesys.model.Conversation;
import java.util.Map;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionTuple;
import org.apache.beam.sdk.values.PCollectionView;
import org.apache.beam.sdk.values.TupleTag;
import org.apache.beam.sdk.transforms.PTransform;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * Parsed conversations to every KPI output, by the spec:
 *
 * <pre>
 * ValidateTimelines -> BuildTimelines -> ClassifyHolds -> ApplyBusinessHours
 *   -> FilterInteractions -> ComputeInteractionKpis -> RepeatContactFcr -> AggregateKpis
 * </pre>
 *
 * Every conversation in ends in exactly one of {@link Result#getInteractions()} (closed or open),
 * {@link Result#getMalformed()} or {@link Result#getFiltered()}.
 */
public class ComputeKpis extends PTransform<PCollection<Conversation>, ComputeKpis.Result> {
  private static final TupleTag<InteractionKpis> INTERACTIONS = new TupleTag<InteractionKpis>() {};
  private static final TupleTag<MalformedInteraction> MALFORMED = new TupleTag<MalformedInteraction>() {};
  private static final TupleTag<FilteredInteraction> FILTERED = new TupleTag<FilteredInteraction>() {};
  private static final TupleTag<FilteredCount> FILTERED_COUNTS = new TupleTag<FilteredCount>() {};
  private static final TupleTag<KpiDailyComponents> DAILY = new TupleTag<KpiDailyComponents>() {};
  private static final TupleTag<AhtBySkillHourly> AHT = new TupleTag<AhtBySkillHourly>() {};

  private final KpiSpec spec;
  private final @Nullable PCollectionView<Map<String, String>> referenceNames;
  private final long observedUntilMs;

  private ComputeKpis(
      KpiSpec spec,
      @Nullable PCollectionView<Map<String, String>> referenceNames,
      long observedUntilMs) {
    this.spec = spec;
    this.referenceNames = referenceNames;
    this.observedUntilMs = observedUntilMs;
  }

  public static ComputeKpis withSpec(KpiSpec spec) {
    return new ComputeKpis(spec, null, Long.MAX_VALUE);
  }

  /**
   * The end of the time the input covers (epoch ms), for {@link RepeatContactFcr}: contacts after
   * it are unknown, so look-aheads reaching past it stay undecided.
   */
  public ComputeKpis withObservedUntil(long observedUntilMs) {
    return new ComputeKpis(spec, referenceNames, observedUntilMs);
  }

  /**
   * Id to name of queues and wrap-up codes, from reference data: the spec may then name them
   * (internal queues, FCR and excluded codes) instead of giving ids.
   */
  public ComputeKpis withReferenceNames(PCollectionView<Map<String, String>> names) {
    return new ComputeKpis(spec, names, observedUntilMs);
  }

  @Override
  public Result expand(PCollection<Conversation> conversations) {
    ValidateTimelines.Result validated = conversations.apply("Validate", ValidateTimelines.create());
    BuildTimelines build = BuildTimelines.create();
    FilterInteractions filter = FilterInteractions.withSpec(spec);
    if (referenceNames != null) {
      build = build.withReferenceNames(referenceNames);
      filter = filter.withReferenceNames(referenceNames);
    }
    FilterInteractions.Result filtered =
        validated
            .getValid()
            .apply("BuildTimelines", build)
            .apply("ClassifyHolds", ClassifyHolds.withSpec(spec))
            .apply("BusinessHours", ApplyBusinessHours.withSpec(spec))
            .apply("Filter", filter);
    PCollection<InteractionKpis> interactions =
        filtered
            .getKept()
            .apply("InteractionKpis", ComputeInteractionKpis.withSpec(spec))
            .apply(
                "RepeatContactFcr",
                RepeatContactFcr.withSpec(spec).withObservedUntil(observedUntilMs));
    AggregateKpis.Result aggregates = interactions.apply("Aggregate", AggregateKpis.create());
    return new Result(
        PCollectionTuple.of(INTERACTIONS, interactions)
            .and(MALFORMED, validated.getMalformed())
            .and(FILTERED, filtered.getFiltered())
            .and(FILTERED_COUNTS, filtered.getCounts())
            .and(DAILY, aggregates.getKpiDaily())
            .and(AHT, aggregates.getAhtBySkillHourly()));
  }

  /** Every output of the KPI transforms. */
  public static class Result extends TaggedResult {
    Result(PCollectionTuple tuple) {
      super(tuple);
    }

    public PCollection<InteractionKpis> getInteractions() {
      return get(INTERACTIONS);
    }

    public PCollection<MalformedInteraction> getMalformed() {
      return get(MALFORMED);
    }

    public PCollection<FilteredInteraction> getFiltered() {
      return get(FILTERED);
    }

    public PCollection<FilteredCount> getFilteredCounts() {
      return get(FILTERED_COUNTS);
    }

    public PCollection<KpiDailyComponents> getKpiDaily() {
      return get(DAILY);
    }

    public PCollection<AhtBySkillHourly> getAhtBySkillHourly() {
      return get(AHT);
    }
  }
}
