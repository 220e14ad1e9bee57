package io.gckpi.transforms;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.beam.sdk.metrics.Metrics;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.values.PCollection;
import org.checkerframework.checker.nullness.qual.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Compares each closed timeline's segment-derived figures with Genesys' own session metrics from
 * the same record, where the record carries them: queue wait with tAcd, talk with tTalkComplete,
 * all handler hold with tHeldComplete, wrap-up with tAcw, handle time with tHandle and transfers
 * with nTransferred. A disagreement means a rule and Genesys read the record differently; each is
 * counted by field (counter {@code <field>} in namespace {@value #NAMESPACE}) and the first few
 * conversation ids per worker are logged. The timeline passes through unchanged: the KPIs stay
 * segment-derived.
 *
 * <p>Applied to timelines as built, before business hours change queue waits.
 */
public class GenesysMetricCheck
    extends PTransform<PCollection<InteractionTimeline>, PCollection<InteractionTimeline>> {
  public static final String NAMESPACE = "gckpi.metricDisagreements";
  /** How many disagreeing conversations each worker names in the log. */
  static final int LOGGED_PER_WORKER = 5;

  public static GenesysMetricCheck create() {
    return new GenesysMetricCheck();
  }

  /**
   * The fields (interaction_timelines column names of the derived figure) on which the timeline
   * and Genesys' metrics disagree; empty when they agree, the record has no metrics, or the
   * conversation is still open (Genesys emits the completed metrics at the end of a session).
   */
  public static List<String> disagreements(InteractionTimeline t) {
    List<String> fields = new ArrayList<>();
    if (!InteractionTimeline.CLOSED.equals(t.getStatus())) {
      return fields;
    }
    long handle = t.handleTimeMs();
    compare(fields, "queue_wait_ms", t.getQueueWaitMs(), t.getGenesysQueueWaitMs());
    compare(fields, "agent_talk_ms", t.getAgentTalkMs(), t.getGenesysTalkMs());
    compare(fields, "agent_hold_ms", t.getAgentHoldMs(), t.getGenesysHoldMs());
    compare(fields, "wrap_up_ms", t.getWrapUpMs(), t.getGenesysWrapUpMs());
    compare(fields, "handle_time_ms", handle, t.getGenesysHandleMs());
    compare(fields, "transfers", t.getTransfers(), t.getGenesysTransfers());
    return fields;
  }

  private static void compare(
      List<String> out, String field, long derived, @Nullable Long genesys) {
    if (genesys != null && !Objects.equals(derived, genesys)) {
      out.add(field);
    }
  }

  @Override
  public PCollection<InteractionTimeline> expand(PCollection<InteractionTimeline> timelines) {
    return timelines
        .apply("CompareWithGenesysMetrics", ParDo.of(new CheckFn()))
        .setCoder(timelines.getCoder());
  }

  static class CheckFn extends DoFn<InteractionTimeline, InteractionTimeline> {
    private static final Logger LOG = LoggerFactory.getLogger(GenesysMetricCheck.class);
    private static final AtomicInteger LOGGED = new AtomicInteger();

    @ProcessElement
    public void process(@Element InteractionTimeline timeline,
        OutputReceiver<InteractionTimeline> out) {
      List<String> fields = disagreements(timeline);
      for (String field : fields) {
        Metrics.counter(NAMESPACE, field).inc();
      }
      if (!fields.isEmpty() && LOGGED.getAndIncrement() < LOGGED_PER_WORKER) {
        LOG.warn("conversation {} disagrees with Genesys' own session metrics on {}",
            timeline.getConversationId(), fields);
      }
      out.output(timeline);
    }
  }
}
