package io.gckpi.pipeline;

import io.gckpi.genesys.model.Conversation;
import java.util.Comparator;
import org.apache.beam.sdk.coders.CannotProvideCoderException;
import org.apache.beam.sdk.coders.Coder;
import org.apache.beam.sdk.coders.CoderRegistry;
import org.apache.beam.sdk.coders.KvCoder;
import org.apache.beam.sdk.coders.VarLongCoder;
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
 * <p>A combine per id, not a grouping: the better of two copies is associative, so a runner lifts
 * it before the shuffle; the accumulator carries how many copies it replaced. The survivors are
 * then {@link Rebundle rebundled}, since a keyed step hands each key on alone.
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
        .apply("MostCompleteCopy", Combine.perKey(new MostCompleteFn()))
        .apply("CountDuplicates", ParDo.of(new CountDuplicatesFn()))
        .setCoder(conversations.getCoder())
        .apply("Rebundle", Rebundle.of(Conversation::getConversationId));
  }

  /** (best copy so far, copies seen). */
  static class MostCompleteFn
      extends Combine.CombineFn<Conversation, KV<Conversation, Long>, KV<Conversation, Long>> {
    @Override
    public KV<Conversation, Long> createAccumulator() {
      return KV.of(null, 0L);
    }

    @Override
    public KV<Conversation, Long> addInput(KV<Conversation, Long> best, Conversation copy) {
      return KV.of(better(best.getKey(), copy), best.getValue() + 1);
    }

    @Override
    public KV<Conversation, Long> mergeAccumulators(Iterable<KV<Conversation, Long>> parts) {
      Conversation best = null;
      long copies = 0;
      for (KV<Conversation, Long> part : parts) {
        best = better(best, part.getKey());
        copies += part.getValue();
      }
      return KV.of(best, copies);
    }

    @Override
    public KV<Conversation, Long> extractOutput(KV<Conversation, Long> best) {
      return best;
    }

    private static Conversation better(Conversation kept, Conversation other) {
      if (kept == null) {
        return other;
      }
      if (other == null) {
        return kept;
      }
      return COMPLETENESS.compare(other, kept) > 0 ? other : kept;
    }

    @Override
    public Coder<KV<Conversation, Long>> getAccumulatorCoder(
        CoderRegistry registry, Coder<Conversation> inputCoder) {
      return KvCoder.of(
          org.apache.beam.sdk.coders.NullableCoder.of(inputCoder), VarLongCoder.of());
    }

    @Override
    public Coder<KV<Conversation, Long>> getDefaultOutputCoder(
        CoderRegistry registry, Coder<Conversation> inputCoder)
        throws CannotProvideCoderException {
      return getAccumulatorCoder(registry, inputCoder);
    }
  }

  private static class CountDuplicatesFn
      extends DoFn<KV<String, KV<Conversation, Long>>, Conversation> {
    private final Counter duplicates =
        Metrics.counter(RunSummary.NAMESPACE, RunCounters.DUPLICATES);

    @ProcessElement
    public void process(
        @Element KV<String, KV<Conversation, Long>> kept, OutputReceiver<Conversation> out) {
      long copies = kept.getValue().getValue();
      if (copies > 1) {
        duplicates.inc(copies - 1);
      }
      out.output(kept.getValue().getKey());
    }
  }
}
