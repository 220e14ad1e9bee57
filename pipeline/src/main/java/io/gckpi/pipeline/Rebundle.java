package io.gckpi.pipeline;

import org.apache.beam.sdk.transforms.Flatten;
import org.apache.beam.sdk.transforms.GroupByKey;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.SerializableFunction;
import org.apache.beam.sdk.transforms.Values;
import org.apache.beam.sdk.transforms.WithKeys;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.TypeDescriptors;

/**
 * Gathers the elements of a keyed step's output into a few large groups again. A runner hands
 * each key of a grouping or combine downstream on its own, and the DirectRunner makes each one a
 * bundle: every later step then pays its per-bundle cost (it translates its DoFn, walks the graph
 * for its immutability check) once per element. Grouping by a small number of shards of a stable
 * key turns thousands of one-element bundles into {@value #SHARDS} large ones; the groups are
 * iterated once, so runners that stream a group's values (Flink, Dataflow) never hold one whole.
 */
final class Rebundle<T> extends PTransform<PCollection<T>, PCollection<T>> {
  static final int SHARDS = 16;

  private final SerializableFunction<T, String> key;

  private Rebundle(SerializableFunction<T, String> key) {
    this.key = key;
  }

  /** Shards by {@code key}'s hash, so the same elements land in the same shard on every run. */
  static <T> Rebundle<T> of(SerializableFunction<T, String> key) {
    return new Rebundle<>(key);
  }

  @Override
  public PCollection<T> expand(PCollection<T> input) {
    SerializableFunction<T, String> keyOf = key;
    return input
        .apply(
            "ByShard",
            WithKeys.of((T element) -> Math.floorMod(keyOf.apply(element).hashCode(), SHARDS))
                .withKeyType(TypeDescriptors.integers()))
        .apply("GroupShards", GroupByKey.create())
        .apply("Shards", Values.create())
        .apply("Elements", Flatten.iterables())
        .setCoder(input.getCoder());
  }
}
