package io.gckpi.transforms;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.Flatten;
import org.apache.beam.sdk.transforms.GroupByKey;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.Partition;
import org.apache.beam.sdk.transforms.WithKeys;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionList;
import org.apache.beam.sdk.values.TypeDescriptors;

/**
 * First-contact resolution by repeat contact, which Genesys does not offer: a handled interaction
 * counts as resolved when the same customer (customer key: ani, else external contact id) does
 * not contact the centre again within the spec's {@code fcr.repeatContactDays} of its start. It
 * measures what the customer did rather than what the agent chose as wrap-up code.
 *
 * <p>The answer needs the days after an interaction. {@code repeatContactFcr} is therefore
 * {@code false} once a return is seen, {@code true} only when the whole look-ahead lies before
 * {@link #withObservedUntil observedUntil} (the end of the data the input covers), and null while
 * it is not known yet, or when the interaction has no customer key or was not handled. A daily
 * run that re-reads its trailing horizon fills in the days as they become known; a backfill of a
 * month knows all but its last days. Off (every value null) when the spec has no
 * {@code repeatContactDays}.
 *
 * <p>Contacts are grouped by {@value #GROUPS} shards of the customer key, not by the key itself,
 * and each shard is sorted by customer, then start: a runner hands every key of a grouping
 * downstream on its own (the DirectRunner as a bundle of its own, whose every later step pays its
 * per-bundle cost once per key), so a key per customer would cost a bundle per customer for the
 * rest of the job. A shard holds 1/{@value #GROUPS} of the interactions, in memory while sorted.
 */
public class RepeatContactFcr
    extends PTransform<PCollection<InteractionKpis>, PCollection<InteractionKpis>> {
  private static final long DAY_MS = 86_400_000L;
  static final int GROUPS = 16;
  private final KpiSpec spec;
  private final long observedUntilMs;

  private RepeatContactFcr(KpiSpec spec, long observedUntilMs) {
    this.spec = spec;
    this.observedUntilMs = observedUntilMs;
  }

  /** Until {@link #withObservedUntil} says otherwise, the input is taken to hold every contact. */
  public static RepeatContactFcr withSpec(KpiSpec spec) {
    return new RepeatContactFcr(spec, Long.MAX_VALUE);
  }

  /** The end (epoch ms, exclusive) of the time the input covers: later contacts are unknown. */
  public RepeatContactFcr withObservedUntil(long observedUntilMs) {
    return new RepeatContactFcr(spec, observedUntilMs);
  }

  @Override
  public PCollection<InteractionKpis> expand(PCollection<InteractionKpis> interactions) {
    Integer days = spec.fcr().repeatContactDays();
    if (days == null) {
      return interactions;
    }
    PCollectionList<InteractionKpis> byKey =
        interactions.apply(
            "HasCustomerKey",
            Partition.of(2, (InteractionKpis k, int n) -> k.getCustomerKey() == null ? 0 : 1));
    PCollection<InteractionKpis> decided =
        byKey
            .get(1)
            .apply(
                "ByCustomerShard",
                WithKeys.of(
                        (InteractionKpis k) -> Math.floorMod(k.getCustomerKey().hashCode(), GROUPS))
                    .withKeyType(TypeDescriptors.integers()))
            .apply("GroupContacts", GroupByKey.create())
            .apply("Decide", ParDo.of(new DecideFn(days * DAY_MS, observedUntilMs)))
            .setCoder(interactions.getCoder());
    return PCollectionList.of(byKey.get(0).setCoder(interactions.getCoder()))
        .and(decided)
        .apply("Merge", Flatten.pCollections());
  }

  /**
   * A shard's contacts by customer, each customer's in start order; each handled one looks ahead
   * to the same customer's next.
   */
  static class DecideFn extends DoFn<KV<Integer, Iterable<InteractionKpis>>, InteractionKpis> {
    private final long lookAheadMs;
    private final long observedUntilMs;

    DecideFn(long lookAheadMs, long observedUntilMs) {
      this.lookAheadMs = lookAheadMs;
      this.observedUntilMs = observedUntilMs;
    }

    @ProcessElement
    public void process(
        @Element KV<Integer, Iterable<InteractionKpis>> contacts,
        OutputReceiver<InteractionKpis> out) {
      List<InteractionKpis> sorted = new ArrayList<>();
      contacts.getValue().forEach(sorted::add);
      sorted.sort(
          Comparator.comparing(InteractionKpis::getCustomerKey)
              .thenComparingLong(InteractionKpis::getConversationStartMs)
              .thenComparing(InteractionKpis::getConversationId));
      for (int i = 0; i < sorted.size(); i++) {
        InteractionKpis contact = sorted.get(i);
        InteractionKpis next = i + 1 < sorted.size() ? sorted.get(i + 1) : null;
        Long nextStart = next != null && next.getCustomerKey().equals(contact.getCustomerKey())
            ? next.getConversationStartMs() : null;
        out.output(
            contact.toBuilder()
                .setRepeatContactFcr(decide(contact, nextStart, lookAheadMs, observedUntilMs))
                .build());
      }
    }
  }

  /** The rule for one contact, given when the customer next came back (null: not seen). */
  static Boolean decide(
      InteractionKpis contact, Long nextStartMs, long lookAheadMs, long observedUntilMs) {
    if (!contact.getHandled()) {
      return null;
    }
    long horizon = contact.getConversationStartMs() + lookAheadMs;
    if (nextStartMs != null && nextStartMs <= horizon) {
      return false;
    }
    return horizon <= observedUntilMs ? Boolean.TRUE : null;
  }
}
