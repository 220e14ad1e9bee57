package io.gckpi.genesys;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.beam.sdk.coders.Coder;
import org.apache.beam.sdk.coders.CoderRegistry;
import org.apache.beam.sdk.coders.ListCoder;
import org.apache.beam.sdk.coders.MapCoder;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.transforms.Combine;
import org.apache.beam.sdk.transforms.Flatten;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.Values;
import org.apache.beam.sdk.transforms.WithKeys;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.TypeDescriptors;

/**
 * One record per conversation: the most complete copy (closed over open, then the later
 * conversationEnd, then the earliest window). Copies meet when a record's start is unreadable (it
 * comes back from every window its lifetime overlaps) or an API returns a conversation twice. A
 * record without an id is keyed by its content, so identical copies still collapse while
 * different broken records stay apart.
 *
 * <p>A combine rather than a grouping: "the better of two copies" is associative, so a runner
 * lifts it before the shuffle and only one copy per conversation and worker crosses the network.
 * It is keyed by shard, not by conversation: copies share their start (or, unreadable, the start
 * of a window of the same day), so they meet in the shard of (UTC day of start, hash of
 * identity), whose accumulator keeps the best copy per identity. A runner hands each key of a
 * combine downstream on its own (the DirectRunner as a bundle of its own, and every later
 * grouping copies its state once per bundle), so {@value #SHARDS_PER_DAY} shards a day keep the
 * bundles few, and a shard holds at most that share of a day.
 */
final class KeepMostCompleteRaw
    extends PTransform<PCollection<RawConversation>, PCollection<RawConversation>> {
  /** Closed over open, then the later conversationEnd. */
  static final Comparator<RawConversation> BY_END =
      Comparator.comparing((RawConversation r) -> r.getConversationEndMs() != null)
          .thenComparing(r -> r.getConversationEndMs() == null ? Long.MIN_VALUE
              : r.getConversationEndMs());

  static final Comparator<RawConversation> COMPLETENESS =
      BY_END
          .thenComparing(RawConversation::getWindowId, Comparator.reverseOrder())
          .thenComparing(RawConversation::getRawJson);

  static final int SHARDS_PER_DAY = 16;
  private static final long DAY_MS = 86_400_000L;

  static KeepMostCompleteRaw create() {
    return new KeepMostCompleteRaw();
  }

  @Override
  public PCollection<RawConversation> expand(PCollection<RawConversation> records) {
    return records
        .apply(
            "ByShard",
            WithKeys.of(KeepMostCompleteRaw::shardOf).withKeyType(TypeDescriptors.strings()))
        .apply("MostCompleteCopies", Combine.perKey(new MostCompleteCopiesFn()))
        .apply("Records", Values.create())
        .apply("EachRecord", Flatten.iterables())
        .setCoder(records.getCoder());
  }

  /** (UTC day of start, hash of {@link #identity}). */
  static String shardOf(RawConversation record) {
    return Math.floorDiv(record.getConversationStartMs(), DAY_MS) + "/"
        + Math.floorMod(identity(record).hashCode(), SHARDS_PER_DAY);
  }

  /** Keys each record by {@link #identity}. */
  static WithKeys<String, RawConversation> byConversation() {
    return WithKeys.of(KeepMostCompleteRaw::identity).withKeyType(TypeDescriptors.strings());
  }

  static String identity(RawConversation record) {
    if (!record.getConversationId().isEmpty()) {
      return record.getConversationId();
    }
    try {
      byte[] digest =
          MessageDigest.getInstance("SHA-256")
              .digest(record.getRawJson().getBytes(StandardCharsets.UTF_8));
      return "sha256:" + HexFormat.of().formatHex(digest);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The more complete of two copies; a total order, so the pick never depends on the order. */
  static RawConversation moreComplete(RawConversation left, RawConversation right) {
    return COMPLETENESS.compare(right, left) > 0 ? right : left;
  }

  /** The best copy per identity in a shard, emitted in identity order so runs emit alike. */
  private static class MostCompleteCopiesFn
      extends Combine.CombineFn<
          RawConversation, Map<String, RawConversation>, List<RawConversation>> {
    @Override
    public Map<String, RawConversation> createAccumulator() {
      return new HashMap<>();
    }

    @Override
    public Map<String, RawConversation> addInput(
        Map<String, RawConversation> kept, RawConversation copy) {
      kept.merge(identity(copy), copy, KeepMostCompleteRaw::moreComplete);
      return kept;
    }

    @Override
    public Map<String, RawConversation> mergeAccumulators(
        Iterable<Map<String, RawConversation>> parts) {
      Map<String, RawConversation> merged = null;
      for (Map<String, RawConversation> part : parts) {
        if (merged == null) {
          merged = part;
        } else {
          for (Map.Entry<String, RawConversation> kept : part.entrySet()) {
            merged.merge(kept.getKey(), kept.getValue(), KeepMostCompleteRaw::moreComplete);
          }
        }
      }
      return merged == null ? createAccumulator() : merged;
    }

    @Override
    public List<RawConversation> extractOutput(Map<String, RawConversation> kept) {
      return new TreeMap<>(kept).values().stream().toList();
    }

    @Override
    public Coder<Map<String, RawConversation>> getAccumulatorCoder(
        CoderRegistry registry, Coder<RawConversation> inputCoder) {
      return MapCoder.of(StringUtf8Coder.of(), inputCoder);
    }

    @Override
    public Coder<List<RawConversation>> getDefaultOutputCoder(
        CoderRegistry registry, Coder<RawConversation> inputCoder) {
      return ListCoder.of(inputCoder);
    }
  }
}
