package io.gckpi.transforms;

import org.apache.beam.sdk.transforms.MapElements;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.TypeDescriptor;

/**
 * Takes non-business time out of queue waits with the spec's {@link BusinessCalendar}: each wait
 * span is intersected with the opening hours, so {@code queue_wait_ms}, the SLA check and the
 * average queue wait count only the time the centre was open. A contact centre that promises
 * "answered within 2 minutes" means within opening hours; a callback requested at night that is
 * answered at 08:01 did not wait all night.
 *
 * <p>Optional: without business hours in the spec, this transform passes timelines through
 * unchanged. It reads the wait spans that {@link TimelineBuilder} records, never the total, so
 * applying it twice does not shrink a wait twice.
 */
public class ApplyBusinessHours
    extends PTransform<PCollection<InteractionTimeline>, PCollection<InteractionTimeline>> {
  private final KpiSpec spec;

  private ApplyBusinessHours(KpiSpec spec) {
    this.spec = spec;
  }

  public static ApplyBusinessHours withSpec(KpiSpec spec) {
    return new ApplyBusinessHours(spec);
  }

  /** The timeline with its queue wait counted in business time only. */
  public static InteractionTimeline apply(InteractionTimeline timeline, BusinessCalendar calendar) {
    long wait = 0;
    java.util.List<Long> spans = timeline.getQueueWaitSpansMs();
    for (int i = 0; i + 1 < spans.size(); i += 2) {
      wait += calendar.businessMs(spans.get(i), spans.get(i + 1));
    }
    return timeline.toBuilder().setQueueWaitMs(wait).build();
  }

  @Override
  public PCollection<InteractionTimeline> expand(PCollection<InteractionTimeline> timelines) {
    BusinessCalendar calendar = spec.businessCalendar();
    if (calendar == null) {
      return timelines;
    }
    return timelines
        .apply(
            "BusinessTimeWaits",
            MapElements.into(TypeDescriptor.of(InteractionTimeline.class))
                .via(timeline -> apply(timeline, calendar)))
        .setCoder(timelines.getCoder());
  }
}
