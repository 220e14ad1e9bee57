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
 * Conversation to {@link InteractionTimeline} with {@link TimelineBuilder}, as the record states
 * it: segments in event order, duplicates collapsed, every agent hold still counted as customer
 * hold until {@link ClassifyHolds} applies the spec's hold rules. With reference data as a side
 * input, the queue's and wrap-up code's names are filled in.
 */
public class BuildTimelines
    extends PTransform<PCollection<Conversation>, PCollection<InteractionTimeline>> {
  private final @Nullable PCollectionView<Map<String, String>> referenceNames;

  private BuildTimelines(@Nullable PCollectionView<Map<String, String>> referenceNames) {
    this.referenceNames = referenceNames;
  }

  public static BuildTimelines create() {
    return new BuildTimelines(null);
  }

  public BuildTimelines withReferenceNames(PCollectionView<Map<String, String>> names) {
    return new BuildTimelines(names);
  }

  @Override
  public PCollection<InteractionTimeline> expand(PCollection<Conversation> conversations) {
    ParDo.SingleOutput<Conversation, InteractionTimeline> build =
        ParDo.of(new BuildFn(referenceNames));
    return conversations.apply(
        "BuildTimeline", referenceNames == null ? build : build.withSideInputs(referenceNames));
  }

  static class BuildFn extends DoFn<Conversation, InteractionTimeline> {
    private final @Nullable PCollectionView<Map<String, String>> referenceNames;

    BuildFn(@Nullable PCollectionView<Map<String, String>> referenceNames) {
      this.referenceNames = referenceNames;
    }

    @ProcessElement
    public void process(ProcessContext context) {
      InteractionTimeline timeline = TimelineBuilder.buildUnclassified(context.element());
      context.output(
          referenceNames == null
              ? timeline
              : InteractionOutcome.withNames(timeline, context.sideInput(referenceNames)));
    }
  }
}
