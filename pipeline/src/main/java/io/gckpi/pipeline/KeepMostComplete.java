package io.gckpi.pipeline;

import io.gckpi.genesys.model.Conversation;
import java.util.Comparator;
import org.apache.beam.sdk.metrics.Counter;
import org.apache.beam.sdk.metrics.Metrics;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.GroupByKey;
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

  @Override
  public PCollection<Conversation> expand(PCollection<Conversation> conversations) {
    return conversations
        .apply(
            "ById",
            WithKeys.<String, Conversation>of(Conversation::getConversationId)
                .withKeyType(TypeDescriptors.strings()))
        .apply("GroupById", GroupByKey.create())
        .apply("PickMostComplete", ParDo.of(new PickFn()))
        .setCoder(conversations.getCoder());
  }

  private static class PickFn extends DoFn<KV<String, Iterable<Conversation>>, Conversation> {
    private final Counter duplicates =
        Metrics.counter(RunSummary.NAMESPACE, RunCounters.DUPLICATES);

    @ProcessElement
    public void process(
        @Element KV<String, Iterable<Conversation>> copies, OutputReceiver<Conversation> out) {
      Conversation best = null;
      for (Conversation copy : copies.getValue()) {
        if (best != null) {
          duplicates.inc();
        }
        best = best == null || COMPLETENESS.compare(copy, best) > 0 ? copy : best;
      }
      out.output(best);
    }
  }
}
