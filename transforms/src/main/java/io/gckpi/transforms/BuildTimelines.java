package io.gckpi.transforms;

import io.gckpi.genesys.model.Conversation;
import java.util.Map;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionView;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * Conversation to {@link InteractionTimeline} with {@link TimelineBuilder} (hold classification by
 * the spec included); with reference data as a side input, the queue's name is filled in.
 */
public class BuildTimelines
    extends PTransform<PCollection<Conversation>, PCollection<InteractionTimeline>> {
  private final KpiSpec spec;
  private final @Nullable PCollectionView<Map<String, String>> referenceNames;

  private BuildTimelines(KpiSpec spec, @Nullable PCollectionView<Map<String, String>> referenceNames) {
    this.spec = spec;
    this.referenceNames = referenceNames;
  }

  public static BuildTimelines withSpec(KpiSpec spec) {
    return new BuildTimelines(spec, null);
  }

  public BuildTimelines withReferenceNames(PCollectionView<Map<String, String>> names) {
    return new BuildTimelines(spec, names);
  }

  @Override
  public PCollection<InteractionTimeline> expand(PCollection<Conversation> conversations) {
    ParDo.SingleOutput<Conversation, InteractionTimeline> build =
        ParDo.of(new BuildFn(spec, referenceNames));
    return conversations.apply(
        "BuildTimeline", referenceNames == null ? build : build.withSideInputs(referenceNames));
  }

  static class BuildFn extends DoFn<Conversation, InteractionTimeline> {
    private final KpiSpec spec;
    private final @Nullable PCollectionView<Map<String, String>> referenceNames;

    BuildFn(KpiSpec spec, @Nullable PCollectionView<Map<String, String>> referenceNames) {
      this.spec = spec;
      this.referenceNames = referenceNames;
    }

    @ProcessElement
    public void process(ProcessContext context) {
      InteractionTimeline timeline = TimelineBuilder.build(context.element(), spec);
      context.output(
          referenceNames == null
              ? timeline
              : InteractionOutcome.withNames(timeline, context.sideInput(referenceNames)));
    }
  }
}
