package io.gckpi.pipeline;

import io.gckpi.genesys.BestCopyPerId;
import io.gckpi.genesys.model.Conversation;
import java.util.Comparator;
import java.util.Map;
import org.apache.beam.sdk.coders.Coder;
import org.apache.beam.sdk.metrics.Counter;
import org.apache.beam.sdk.metrics.Metrics;
import org.apache.beam.sdk.transforms.Combine;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.WithKeys;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.TypeDescriptors;

/**
 * One conversation per id, the most complete version: closed over open, then the later
 * conversationEnd. Raw input given by hand (several exports, overlapping staging copies) can
 * hold a conversation twice; the tables key on its id, so the choice must be deterministic, and
 * every dropped copy is counted under {@value RunCounters#DUPLICATES} so that read = written +
 * malformed + duplicates still holds.
 *
 * <p>The read's combine ({@link BestCopyPerId}), keyed by shard rather than by id: the copies of
 * a conversation share its id and its start, so they meet in the shard of (UTC day of start, hash
 * of id), whose accumulator keeps the best copy per id and how many copies met.
 */
class KeepMostComplete extends PTransform<PCollection<Conversation>, PCollection<Conversation>> {
  static final Comparator<Conversation> COMPLETENESS =
      Comparator.comparing((Conversation c) -> c.getConversationEndMs() != null)
          .thenComparing(c -> c.getConversationEndMs() == null ? Long.MIN_VALUE
              : c.getConversationEndMs())
          .thenComparing(c -> c.getParticipants().size())
          .thenComparing(Conversation::toString);

  static KeepMostComplete create() {
    return new KeepMostComplete();
  }

  /** The shard of a conversation: the UTC day it started and a hash of its id. */
  static String shardOf(Conversation c) {
    return BestCopyPerId.shardOf(c.getConversationStartMs(), c.getConversationId());
  }

  @Override
  public PCollection<Conversation> expand(PCollection<Conversation> conversations) {
    Coder<Conversation> coder = conversations.getCoder();
    return conversations
        .apply(
            "ByShard",
            WithKeys.<String, Conversation>of(KeepMostComplete::shardOf)
                .withKeyType(TypeDescriptors.strings()))
        .apply(
            "MostCompleteCopies",
            Combine.perKey(
                BestCopyPerId.of(Conversation::getConversationId, KeepMostComplete::moreComplete)))
        .apply("CountDuplicates", ParDo.of(new CountDuplicatesFn()))
        .setCoder(coder);
  }

  /** The more complete of two copies; a total order, so the pick never depends on the order. */
  static Conversation moreComplete(Conversation a, Conversation b) {
    return COMPLETENESS.compare(b, a) > 0 ? b : a;
  }

  /** Every kept copy of the shard, in id order so that runs emit alike; counts the dropped. */
  private static class CountDuplicatesFn
      extends DoFn<KV<String, Map<String, KV<Conversation, Long>>>, Conversation> {
    private final Counter duplicates =
        Metrics.counter(RunSummary.NAMESPACE, RunCounters.DUPLICATES);

    @ProcessElement
    public void process(
        @Element KV<String, Map<String, KV<Conversation, Long>>> shard,
        OutputReceiver<Conversation> out) {
      shard.getValue().entrySet().stream()
          .sorted(Map.Entry.comparingByKey())
          .forEach(kept -> {
            long copies = kept.getValue().getValue();
            if (copies > 1) {
              duplicates.inc(copies - 1);
            }
            out.output(kept.getValue().getKey());
          });
    }
  }
}
