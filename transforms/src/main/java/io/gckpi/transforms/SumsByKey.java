package io.gckpi.transforms;

import java.util.HashMap;
import java.util.Map;
import org.apache.beam.sdk.coders.Coder;
import org.apache.beam.sdk.coders.CoderRegistry;
import org.apache.beam.sdk.coders.MapCoder;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.transforms.Combine;
import org.apache.beam.sdk.transforms.SerializableBiFunction;
import org.apache.beam.sdk.transforms.SerializableFunction;

/**
 * Sums of the inputs per {@code key}, held as one map: the combine of {@link AggregateKpis}, which
 * applies it per UTC day rather than per aggregate key. An aggregate key per combine key would hand
 * every (day, queue, media, window) downstream on its own, and the DirectRunner runs each key as a
 * bundle of its own through every later step, paying each step's set-up per key; a day holds a few
 * hundred aggregate keys, so the map stays small, runners still lift the combine, and days still
 * spread over workers.
 */
final class SumsByKey<T> extends Combine.CombineFn<T, Map<String, T>, Map<String, T>> {
  private final SerializableFunction<T, String> key;
  private final SerializableBiFunction<T, T, T> plus;

  private SumsByKey(SerializableFunction<T, String> key, SerializableBiFunction<T, T, T> plus) {
    this.key = key;
    this.plus = plus;
  }

  static <T> SumsByKey<T> of(
      SerializableFunction<T, String> key, SerializableBiFunction<T, T, T> plus) {
    return new SumsByKey<>(key, plus);
  }

  /** Sums {@code values} per {@code key} into {@code sums}; returns {@code sums}. */
  static <T> Map<String, T> addAll(Map<String, T> sums, Iterable<T> values,
      SerializableFunction<T, String> key, SerializableBiFunction<T, T, T> plus) {
    for (T value : values) {
      sums.merge(key.apply(value), value, plus::apply);
    }
    return sums;
  }

  @Override
  public Map<String, T> createAccumulator() {
    return new HashMap<>();
  }

  @Override
  public Map<String, T> addInput(Map<String, T> sums, T input) {
    sums.merge(key.apply(input), input, plus::apply);
    return sums;
  }

  @Override
  public Map<String, T> mergeAccumulators(Iterable<Map<String, T>> parts) {
    Map<String, T> merged = null;
    for (Map<String, T> part : parts) {
      if (merged == null) {
        merged = part;
      } else {
        addAll(merged, part.values(), key, plus);
      }
    }
    return merged == null ? createAccumulator() : merged;
  }

  @Override
  public Map<String, T> extractOutput(Map<String, T> sums) {
    return sums;
  }

  @Override
  public Coder<Map<String, T>> getAccumulatorCoder(CoderRegistry registry, Coder<T> inputCoder) {
    return MapCoder.of(StringUtf8Coder.of(), inputCoder);
  }

  @Override
  public Coder<Map<String, T>> getDefaultOutputCoder(CoderRegistry registry, Coder<T> inputCoder) {
    return getAccumulatorCoder(registry, inputCoder);
  }
}
