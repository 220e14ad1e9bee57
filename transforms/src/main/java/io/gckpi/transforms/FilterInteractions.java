package io.gckpi.transforms;

import java.util.Map;
import org.apache.beam.sdk.metrics.Metrics;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.values.PCollection;

/**
 * Tags each timeline with the reason a filter keeps it out of a KPI set ({@link
 * InteractionFilter}), or none: nothing is dropped, so every conversation keeps its row and
 * read = timeline rows + malformed rows always adds up. Each tag also increments a counter
 * {@code filtered_<REASON>}. With reference names (id to name), internal queues and excluded
 * wrap-up codes match by name as well as by id.
 */
public class FilterInteractions
    extends PTransform<PCollection<InteractionTimeline>, PCollection<InteractionTimeline>> {
  private final KpiSpec spec;
  private final Map<String, String> referenceNames;

  private FilterInteractions(KpiSpec spec, Map<String, String> referenceNames) {
    this.spec = spec;
    this.referenceNames = Map.copyOf(referenceNames);
  }

  public static FilterInteractions withSpec(KpiSpec spec) {
    return new FilterInteractions(spec, Map.of());
  }

  /** Id to name of queues and wrap-up codes, from reference data read at launch. */
  public FilterInteractions withReferenceNames(Map<String, String> names) {
    return new FilterInteractions(spec, names);
  }

  @Override
  public PCollection<InteractionTimeline> expand(PCollection<InteractionTimeline> timelines) {
    return timelines
        .apply("TagExclusions", ParDo.of(new TagFn(spec, referenceNames)))
        .setCoder(timelines.getCoder());
  }

  static class TagFn extends DoFn<InteractionTimeline, InteractionTimeline> {
    private final KpiSpec spec;
    private final Map<String, String> referenceNames;

    TagFn(KpiSpec spec, Map<String, String> referenceNames) {
      this.spec = spec;
      this.referenceNames = referenceNames;
    }

    @ProcessElement
    public void process(
        @Element InteractionTimeline timeline, OutputReceiver<InteractionTimeline> out) {
      String reason = InteractionFilter.exclusion(timeline, spec, referenceNames);
      if (reason != null) {
        Metrics.counter(FilterInteractions.class, "filtered_" + reason).inc();
      }
      out.output(timeline.toBuilder().setExcludedReason(reason).build());
    }
  }
}
