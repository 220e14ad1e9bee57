package io.gckpi.transforms;

import org.apache.beam.sdk.transforms.MapElements;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.TypeDescriptor;

/**
 * Splits every timeline's agent hold into customer hold and system hold by the spec's hold rules
 * ({@link HoldClassifier}): holds on the spec's digital media, and conference holds when the spec
 * says so, are system hold and go to {@code system_hold_ms}, hence {@code system_latency}, not to
 * the agent's handle time. Idempotent, so applying it to classified timelines is harmless.
 */
public class ClassifyHolds
    extends PTransform<PCollection<InteractionTimeline>, PCollection<InteractionTimeline>> {
  private final KpiSpec spec;

  private ClassifyHolds(KpiSpec spec) {
    this.spec = spec;
  }

  public static ClassifyHolds withSpec(KpiSpec spec) {
    return new ClassifyHolds(spec);
  }

  @Override
  public PCollection<InteractionTimeline> expand(PCollection<InteractionTimeline> timelines) {
    KpiSpec rules = spec;
    return timelines
        .apply(
            "Classify",
            MapElements.into(TypeDescriptor.of(InteractionTimeline.class))
                .via(timeline -> HoldClassifier.classify(timeline, rules)))
        .setCoder(timelines.getCoder());
  }
}
