package io.gckpi.genesys;

import java.util.HashMap;
import java.util.Map;
import org.apache.beam.sdk.coders.Coder;
import org.apache.beam.sdk.coders.CoderRegistry;
import org.apache.beam.sdk.coders.KvCoder;
import org.apache.beam.sdk.coders.MapCoder;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.coders.VarLongCoder;
import org.apache.beam.sdk.transforms.Combine;
import org.apache.beam.sdk.transforms.SerializableBiFunction;
import org.apache.beam.sdk.transforms.SerializableFunction;
import org.apache.beam.sdk.values.KV;

/**
 * The de-duplication both the read and the job's raw input use: a combine over one shard of
 * records whose accumulator keeps, per id, the best copy so far ({@code better}, a total order,
 * so the pick never depends on the order copies meet) and how many copies met. Associative, so a
 * runner lifts it before the shuffle.
 *
 * <p>It is applied per shard, not per id ({@link #shardOf}): a runner hands each key of a combine
 * downstream on its own (the DirectRunner as a bundle of its own, and every later grouping copies
 * its state once per bundle), so keys per id would cost a bundle per record; {@value
 * #SHARDS_PER_DAY} shards a UTC day by default keep the bundles few and large. A shard's
 * accumulator holds its share of a day in memory while it is emitted, so a large day wants more
 * shards ({@code KeepMostCompleteRaw.withShardsPerDay}): as many as keep a shard's text near
 * {@value #SHARD_BYTES} bytes ({@link #shardsPerDayFor}).
 */
public final class BestCopyPerId<T>
    extends Combine.CombineFn<T, Map<String, KV<T, Long>>, Map<String, KV<T, Long>>> {
  public static final int SHARDS_PER_DAY = 16;
  /** The text a shard should hold at most, about: its records are in memory together. */
  public static final long SHARD_BYTES = 8L << 20;
  public static final int MAX_SHARDS_PER_DAY = 1024;
  private static final long DAY_MS = 86_400_000L;

  private final SerializableFunction<T, String> id;
  private final SerializableBiFunction<T, T, T> better;

  private BestCopyPerId(
      SerializableFunction<T, String> id, SerializableBiFunction<T, T, T> better) {
    this.id = id;
    this.better = better;
  }

  /** Copies with the same {@code id}; of two, {@code better} returns the one to keep. */
  public static <T> BestCopyPerId<T> of(
      SerializableFunction<T, String> id, SerializableBiFunction<T, T, T> better) {
    return new BestCopyPerId<>(id, better);
  }

  /**
   * The shards a day for a day of {@code textBytes} of records: one per {@value #SHARD_BYTES}
   * bytes, at least {@value #SHARDS_PER_DAY} (each shard is a bundle of its own on the
   * DirectRunner, for every later step, so fewer would gain nothing there) and at most {@value
   * #MAX_SHARDS_PER_DAY}.
   */
  public static int shardsPerDayFor(long textBytes) {
    long shards = textBytes <= 0 ? 0 : (textBytes - 1) / SHARD_BYTES + 1;
    return (int) Math.max(SHARDS_PER_DAY, Math.min(MAX_SHARDS_PER_DAY, shards));
  }

  /** The shard of a record: the UTC day it started (epoch ms) and a hash of its id. */
  public static String shardOf(long startMs, String id, int shardsPerDay) {
    return Math.floorDiv(startMs, DAY_MS) + "/" + Math.floorMod(id.hashCode(), shardsPerDay);
  }

  @Override
  public Map<String, KV<T, Long>> createAccumulator() {
    return new HashMap<>();
  }

  @Override
  public Map<String, KV<T, Long>> addInput(Map<String, KV<T, Long>> kept, T copy) {
    kept.merge(id.apply(copy), KV.of(copy, 1L), this::keepBetter);
    return kept;
  }

  @Override
  public Map<String, KV<T, Long>> mergeAccumulators(Iterable<Map<String, KV<T, Long>>> parts) {
    Map<String, KV<T, Long>> merged = null;
    for (Map<String, KV<T, Long>> part : parts) {
      if (merged == null) {
        merged = part;
      } else {
        for (Map.Entry<String, KV<T, Long>> kept : part.entrySet()) {
          merged.merge(kept.getKey(), kept.getValue(), this::keepBetter);
        }
      }
    }
    return merged == null ? createAccumulator() : merged;
  }

  @Override
  public Map<String, KV<T, Long>> extractOutput(Map<String, KV<T, Long>> kept) {
    return kept;
  }

  private KV<T, Long> keepBetter(KV<T, Long> a, KV<T, Long> b) {
    return KV.of(better.apply(a.getKey(), b.getKey()), a.getValue() + b.getValue());
  }

  @Override
  public Coder<Map<String, KV<T, Long>>> getAccumulatorCoder(
      CoderRegistry registry, Coder<T> inputCoder) {
    return MapCoder.of(StringUtf8Coder.of(), KvCoder.of(inputCoder, VarLongCoder.of()));
  }

  @Override
  public Coder<Map<String, KV<T, Long>>> getDefaultOutputCoder(
      CoderRegistry registry, Coder<T> inputCoder) {
    return getAccumulatorCoder(registry, inputCoder);
  }
}
