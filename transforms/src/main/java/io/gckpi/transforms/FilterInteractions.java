package io.gckpi.transforms;

import java.util.Map;
import org.apache.beam.sdk.metrics.Metrics;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionView;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * Tags each timeline with the reason a filter keeps it out of a KPI set ({@link
 * InteractionFilter}), or none: nothing is dropped, so every conversation keeps its row and
 * read = timeline rows + malformed rows always adds up. Each tag also increments a counter
 * {@code filtered_<REASON>}. With reference data as a side input, internal queues match by name as
 * well as by id.
 */
public class FilterInteractions
    extends PTransform<PCollection<InteractionTimeline>, PCollection<InteractionTimeline>> {
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
  public PCollection<InteractionTimeline> expand(PCollection<InteractionTimeline> timelines) {
    ParDo.SingleOutput<InteractionTimeline, InteractionTimeline> filter =
        ParDo.of(new TagFn(spec, referenceNames));
    return timelines
        .apply("TagExclusions",
            referenceNames == null ? filter : filter.withSideInputs(referenceNames))
        .setCoder(timelines.getCoder());
  }

  static class TagFn extends DoFn<InteractionTimeline, InteractionTimeline> {
    private final KpiSpec spec;
    private final @Nullable PCollectionView<Map<String, String>> referenceNames;

    TagFn(KpiSpec spec, @Nullable PCollectionView<Map<String, String>> referenceNames) {
      this.spec = spec;
      this.referenceNames = referenceNames;
    }

    @ProcessElement
    public void process(ProcessContext context) {
      InteractionTimeline timeline = context.element();
      Map<String, String> names =
          referenceNames == null ? Map.of() : context.sideInput(referenceNames);
      String reason = InteractionFilter.exclusion(timeline, spec, names);
      if (reason != null) {
        Metrics.counter(FilterInteractions.class, "filtered_" + reason).inc();
      }
      context.output(timeline.toBuilder().setExcludedReason(reason).build());
    }
  }
}
