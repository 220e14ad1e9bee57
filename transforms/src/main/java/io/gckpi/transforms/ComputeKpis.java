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
 * ValidateTimelines -> BuildTimelines -> FilterInteractions -> ComputeInteractionKpis
 *   -> AggregateKpis
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

  private ComputeKpis(KpiSpec spec, @Nullable PCollectionView<Map<String, String>> referenceNames) {
    this.spec = spec;
    this.referenceNames = referenceNames;
  }

  public static ComputeKpis withSpec(KpiSpec spec) {
    return new ComputeKpis(spec, null);
  }

  /**
   * Id to name of queues and wrap-up codes, from reference data: the spec may then name them
   * (internal queues, FCR and excluded codes) instead of giving ids.
   */
  public ComputeKpis withReferenceNames(PCollectionView<Map<String, String>> names) {
    return new ComputeKpis(spec, names);
  }

  @Override
  public Result expand(PCollection<Conversation> conversations) {
    ValidateTimelines.Result validated = conversations.apply("Validate", ValidateTimelines.create());
    BuildTimelines build = BuildTimelines.withSpec(spec);
    FilterInteractions filter = FilterInteractions.withSpec(spec);
    if (referenceNames != null) {
      build = build.withReferenceNames(referenceNames);
      filter = filter.withReferenceNames(referenceNames);
    }
    FilterInteractions.Result filtered =
        validated.getValid().apply("BuildTimelines", build).apply("Filter", filter);
    PCollection<InteractionKpis> interactions =
        filtered.getKept().apply("InteractionKpis", ComputeInteractionKpis.withSpec(spec));
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
