package io.gckpi.transforms;

import org.apache.beam.sdk.transforms.MapElements;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.TypeDescriptor;

/** Each timeline's KPIs by the spec ({@link KpiCalculator}). */
public class ComputeInteractionKpis
    extends PTransform<PCollection<InteractionTimeline>, PCollection<InteractionKpis>> {
  private final KpiSpec spec;

  private ComputeInteractionKpis(KpiSpec spec) {
    this.spec = spec;
  }

  public static ComputeInteractionKpis withSpec(KpiSpec spec) {
    return new ComputeInteractionKpis(spec);
  }

  @Override
  public PCollection<InteractionKpis> expand(PCollection<InteractionTimeline> timelines) {
    KpiSpec kpiSpec = spec;
    return timelines.apply(
        "ComputeKpis",
        MapElements.into(TypeDescriptor.of(InteractionKpis.class))
            .via((InteractionTimeline t) -> KpiCalculator.compute(t, kpiSpec)));
  }
}
