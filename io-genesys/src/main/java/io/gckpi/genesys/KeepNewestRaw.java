package io.gckpi.genesys;

import org.apache.beam.sdk.coders.Coder;
import org.apache.beam.sdk.state.StateSpec;
import org.apache.beam.sdk.state.StateSpecs;
import org.apache.beam.sdk.state.TimeDomain;
import org.apache.beam.sdk.state.Timer;
import org.apache.beam.sdk.state.TimerSpec;
import org.apache.beam.sdk.state.TimerSpecs;
import org.apache.beam.sdk.state.ValueState;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.joda.time.Duration;
import org.joda.time.Instant;

/**
 * The unbounded read's de-duplication: a conversation comes out the first time it is read and
 * again only when a MORE complete copy arrives (closed over open, then the later end). A global-window GroupByKey would never fire on an unbounded
 * input, so each conversation id keeps its best copy in state instead, cleared by an event-time
 * timer once the watermark has passed its window's last read (window end plus the trailing
 * horizon, plus one window of slack for copies read by a neighbouring window). Downstream
 * receives at most one copy per read that improved on the last, and must treat a later copy as a
 * replacement.
 */
final class KeepNewestRaw
    extends PTransform<PCollection<RawConversation>, PCollection<RawConversation>> {
  private final Duration keepFor;

  private KeepNewestRaw(Duration keepFor) {
    this.keepFor = keepFor;
  }

  /** Keeps each id's best copy for {@code keepFor} of event time after its window ends. */
  static KeepNewestRaw keepingFor(java.time.Duration keepFor) {
    return new KeepNewestRaw(Duration.millis(keepFor.toMillis()));
  }

  @Override
  public PCollection<RawConversation> expand(PCollection<RawConversation> records) {
    return records
        .apply("ByConversation", KeepMostCompleteRaw.byConversation())
        .apply("EmitWhenMoreComplete", ParDo.of(new NewestFn(records.getCoder(), keepFor)))
        .setCoder(records.getCoder());
  }

  private static final class NewestFn extends DoFn<KV<String, RawConversation>, RawConversation> {
    private final Duration keepFor;

    @StateId("best")
    private final StateSpec<ValueState<RawConversation>> bestSpec;

    @TimerId("forget")
    private final TimerSpec forgetSpec = TimerSpecs.timer(TimeDomain.EVENT_TIME);

    NewestFn(Coder<RawConversation> coder, Duration keepFor) {
      this.bestSpec = StateSpecs.value(coder);
      this.keepFor = keepFor;
    }

    @ProcessElement
    public void process(
        @Element KV<String, RawConversation> element,
        @StateId("best") ValueState<RawConversation> best,
        @TimerId("forget") Timer forget,
        OutputReceiver<RawConversation> out) {
      RawConversation copy = element.getValue();
      RawConversation kept = best.read();
      if (kept != null && !replaces(copy, kept)) {
        return;
      }
      best.write(copy);
      Instant windowEnd = new Instant(Interval.parse(copy.getWindowId()).end().toEpochMilli());
      forget.set(windowEnd.plus(keepFor));
      out.output(copy);
    }

    /**
     * Closed over open, then the later end. A copy only as complete (a wrap-up code set later, the
     * same end) is not emitted again: consumers that add up what they receive, as the KPI
     * components do with closed conversations, would count it twice; such changes land with a
     * bounded re-read of the window.
     */
    static boolean replaces(RawConversation copy, RawConversation kept) {
      return KeepMostCompleteRaw.BY_END.compare(copy, kept) > 0;
    }

    @OnTimer("forget")
    public void forget(@StateId("best") ValueState<RawConversation> best) {
      best.clear();
    }
  }
}
