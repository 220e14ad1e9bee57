package io.gckpi.pipeline;

import io.gckpi.genesys.model.Conversation;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Map;
import org.apache.beam.sdk.coders.Coder;
import org.apache.beam.sdk.coders.CoderRegistry;
import org.apache.beam.sdk.coders.KvCoder;
import org.apache.beam.sdk.coders.MapCoder;
import org.apache.beam.sdk.coders.StringUtf8Coder;
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
 * <p>A combine, so that a runner lifts it before the shuffle, keyed by shard rather than by id:
 * the copies of a conversation share its id and its start, so they meet in the shard of (UTC day
 * of start, hash of id), whose accumulator keeps the best copy per id and how many it replaced.
 * A runner hands each key of a combine downstream on its own (the DirectRunner as a bundle of its
 * own, whose every later step pays its per-bundle cost), so {@value #SHARDS_PER_DAY} shards a day
 * keep the bundles few and large, and a shard holds at most a day's share of conversations.
 */
class KeepMostComplete extends PTransform<PCollection<Conversation>, PCollection<Conversation>> {
  static final int SHARDS_PER_DAY = 16;
  private static final long DAY_MS = 86_400_000L;

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
    return Math.floorDiv(c.getConversationStartMs(), DAY_MS) + "/"
        + Math.floorMod(c.getConversationId().hashCode(), SHARDS_PER_DAY);
  }

  @Override
  public PCollection<Conversation> expand(PCollection<Conversation> conversations) {
    Coder<Conversation> coder = conversations.getCoder();
    return conversations
        .apply(
            "ByShard",
            WithKeys.<String, Conversation>of(KeepMostComplete::shardOf)
                .withKeyType(TypeDescriptors.strings()))
        .apply("MostCompleteCopies", Combine.perKey(new MostCompleteFn()))
        .apply("CountDuplicates", ParDo.of(new CountDuplicatesFn()))
        .setCoder(coder);
  }

  /** Per id in the shard: (best copy so far, copies seen). */
  static class MostCompleteFn
      extends Combine.CombineFn<
          Conversation, Map<String, KV<Conversation, Long>>, Map<String, KV<Conversation, Long>>> {
    @Override
    public Map<String, KV<Conversation, Long>> createAccumulator() {
      return new HashMap<>();
    }

    @Override
    public Map<String, KV<Conversation, Long>> addInput(
        Map<String, KV<Conversation, Long>> kept, Conversation copy) {
      kept.merge(copy.getConversationId(), KV.of(copy, 1L), MostCompleteFn::better);
      return kept;
    }

    @Override
    public Map<String, KV<Conversation, Long>> mergeAccumulators(
        Iterable<Map<String, KV<Conversation, Long>>> parts) {
      Map<String, KV<Conversation, Long>> merged = null;
      for (Map<String, KV<Conversation, Long>> part : parts) {
        if (merged == null) {
          merged = part;
        } else {
          for (Map.Entry<String, KV<Conversation, Long>> kept : part.entrySet()) {
            merged.merge(kept.getKey(), kept.getValue(), MostCompleteFn::better);
          }
        }
      }
      return merged == null ? createAccumulator() : merged;
    }

    @Override
    public Map<String, KV<Conversation, Long>> extractOutput(
        Map<String, KV<Conversation, Long>> kept) {
      return kept;
    }

    private static KV<Conversation, Long> better(
        KV<Conversation, Long> a, KV<Conversation, Long> b) {
      Conversation best = COMPLETENESS.compare(b.getKey(), a.getKey()) > 0 ? b.getKey() : a.getKey();
      return KV.of(best, a.getValue() + b.getValue());
    }

    @Override
    public Coder<Map<String, KV<Conversation, Long>>> getAccumulatorCoder(
        CoderRegistry registry, Coder<Conversation> inputCoder) {
      return MapCoder.of(StringUtf8Coder.of(), KvCoder.of(inputCoder, VarLongCoder.of()));
    }

    @Override
    public Coder<Map<String, KV<Conversation, Long>>> getDefaultOutputCoder(
        CoderRegistry registry, Coder<Conversation> inputCoder) {
      return getAccumulatorCoder(registry, inputCoder);
    }
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
