package io.gckpi.transforms;

import java.util.Map;
import org.apache.beam.sdk.metrics.Metrics;
import org.apache.beam.sdk.transforms.Count;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.MapElements;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionTuple;
import org.apache.beam.sdk.values.PCollectionView;
import org.apache.beam.sdk.values.TupleTag;
import org.apache.beam.sdk.values.TupleTagList;
import org.apache.beam.sdk.values.TypeDescriptor;
import org.apache.beam.sdk.values.TypeDescriptors;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * Leaves out what the spec says is not customer work ({@link InteractionFilter}): every exclusion
 * is a {@link FilteredInteraction}, a counter {@code filtered_<REASON>} and part of a
 * {@link FilteredCount}, so read = kept + malformed + filtered always adds up. With reference data
 * as a side input, internal queues match by name as well as by id.
 */
public class FilterInteractions
    extends PTransform<PCollection<InteractionTimeline>, FilterInteractions.Result> {
  private static final TupleTag<InteractionTimeline> KEPT = new TupleTag<InteractionTimeline>() {};
  private static final TupleTag<FilteredInteraction> FILTERED =
      new TupleTag<FilteredInteraction>() {};
  private static final TupleTag<FilteredCount> COUNTS = new TupleTag<FilteredCount>() {};

  private final KpiSpec spec;
  private final @Nullable PCollectionView<Map<String, String>> referenceNames;

  private FilterInteractions(
      KpiSpec spec, @Nullable PCollectionView<Map<String, String>> referenceNames) {
    this.spec = spec;
    this.referenceNames = referenceNames;
  }

  public static FilterInteractions withSpec(KpiSpec spec) {
    return new FilterInteractions(spec, null);
  }

  public FilterInteractions withReferenceNames(PCollectionView<Map<String, String>> names) {
    return new FilterInteractions(spec, names);
  }

  @Override
  public Result expand(PCollection<InteractionTimeline> timelines) {
    ParDo.MultiOutput<InteractionTimeline, InteractionTimeline> filter =
        ParDo.of(new FilterFn(spec, referenceNames)).withOutputTags(KEPT, TupleTagList.of(FILTERED));
    PCollectionTuple out =
        timelines.apply("ApplyFilters", referenceNames == null ? filter : filter.withSideInputs(referenceNames));
    out.get(KEPT).setCoder(timelines.getCoder());
    PCollection<FilteredCount> counts =
        out.get(FILTERED)
            .apply("Reason", MapElements.into(TypeDescriptors.strings()).via(FilteredInteraction::getReason))
            .apply("CountPerReason", Count.perElement())
            .apply(
                "FilteredCounts",
                MapElements.into(TypeDescriptor.of(FilteredCount.class))
                    .via((KV<String, Long> kv) -> FilteredCount.create(kv.getKey(), kv.getValue())));
    return new Result(out.and(COUNTS, counts));
  }

  static class FilterFn extends DoFn<InteractionTimeline, InteractionTimeline> {
    private final KpiSpec spec;
    private final @Nullable PCollectionView<Map<String, String>> referenceNames;

    FilterFn(KpiSpec spec, @Nullable PCollectionView<Map<String, String>> referenceNames) {
      this.spec = spec;
      this.referenceNames = referenceNames;
    }

    @ProcessElement
    public void process(ProcessContext context) {
      InteractionTimeline timeline = context.element();
      Map<String, String> names = referenceNames == null ? Map.of() : context.sideInput(referenceNames);
      String reason = InteractionFilter.exclusion(timeline, spec, names);
      if (reason == null) {
        context.output(timeline);
      } else {
        Metrics.counter(FilterInteractions.class, "filtered_" + reason).inc();
        context.output(
            FILTERED,
            FilteredInteraction.create(
                timeline.getConversationId(), timeline.getConversationStartMs(), reason));
      }
    }
  }

  /** Kept timelines, each exclusion, and the exclusions counted by reason. */
  public static class Result extends TaggedResult {
    Result(PCollectionTuple tuple) {
      super(tuple);
    }

    public PCollection<InteractionTimeline> getKept() {
      return get(KEPT);
    }

    public PCollection<FilteredInteraction> getFiltered() {
      return get(FILTERED);
    }

    public PCollection<FilteredCount> getCounts() {
      return get(COUNTS);
    }
  }
}
