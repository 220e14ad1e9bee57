package io.gckpi.transforms;

import io.gckpi.genesys.model.Conversation;
import java.util.Map;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.values.PCollection;

/**
 * Conversation to {@link InteractionTimeline} with {@link TimelineBuilder}, as the record states
 * it: segments in event order, duplicates collapsed, every agent hold still counted as customer
 * hold until {@link ClassifyHolds} applies the spec's hold rules. With reference names (id to
 * name), the queue's and wrap-up code's names are filled in.
 */
public class BuildTimelines
    extends PTransform<PCollection<Conversation>, PCollection<InteractionTimeline>> {
  private final Map<String, String> referenceNames;

  private BuildTimelines(Map<String, String> referenceNames) {
    this.referenceNames = Map.copyOf(referenceNames);
  }

  public static BuildTimelines create() {
    return new BuildTimelines(Map.of());
  }

  /** Id to name of queues and wrap-up codes, from reference data read at launch. */
  public BuildTimelines withReferenceNames(Map<String, String> names) {
    return new BuildTimelines(names);
  }

  @Override
  public PCollection<InteractionTimeline> expand(PCollection<Conversation> conversations) {
    return conversations.apply("BuildTimeline", ParDo.of(new BuildFn(referenceNames)));
  }

  static class BuildFn extends DoFn<Conversation, InteractionTimeline> {
    private final Map<String, String> referenceNames;

    BuildFn(Map<String, String> referenceNames) {
      this.referenceNames = referenceNames;
    }

    @ProcessElement
    public void process(@Element Conversation conversation, OutputReceiver<InteractionTimeline> out) {
      out.output(InteractionOutcome.withNames(
          TimelineBuilder.buildUnclassified(conversation), referenceNames));
    }
  }
}
