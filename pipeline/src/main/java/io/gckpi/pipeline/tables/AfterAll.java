package io.gckpi.pipeline.tables;

import java.util.List;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.MapElements;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.WithKeys;
import org.apache.beam.sdk.transforms.join.CoGbkResult;
import org.apache.beam.sdk.transforms.join.CoGroupByKey;
import org.apache.beam.sdk.transforms.join.KeyedPCollectionTuple;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.Row;
import org.apache.beam.sdk.values.TupleTag;
import org.apache.beam.sdk.values.TypeDescriptors;

/**
 * Passes a few schema rows on only once every given collection is complete, i.e. once the steps
 * that produce them (table writes) are done: the rows and a mark per element of each signal meet
 * in one grouping under one key, which a batch runner fires only when all of its inputs are
 * complete. The ledger waits so for the tables it vouches for.
 *
 * <p>Why a grouping rather than side inputs ({@link AfterSideInputs}): a step whose side input is
 * not ready has the DirectRunner set its input aside and try again, a bundle at a time, for as
 * long as the writes take. The rows cross the grouping, so this is for small collections.
 */
public final class AfterAll extends PTransform<PCollection<Row>, PCollection<Row>> {
  private static final TupleTag<Row> ROWS = new TupleTag<>() {};
  private final List<PCollection<?>> signals;

  private AfterAll(List<PCollection<?>> signals) {
    this.signals = List.copyOf(signals);
  }

  public static AfterAll of(List<PCollection<?>> signals) {
    return new AfterAll(signals);
  }

  @Override
  public PCollection<Row> expand(PCollection<Row> rows) {
    KeyedPCollectionTuple<String> all =
        KeyedPCollectionTuple.of(
            ROWS,
            rows.apply("Rows", WithKeys.<String, Row>of("").withKeyType(TypeDescriptors.strings())));
    for (int i = 0; i < signals.size(); i++) {
      all = all.and(new TupleTag<String>("signal " + i), marks(signals.get(i), "Signal " + i));
    }
    return all.apply("AllComplete", CoGroupByKey.create())
        .apply("Pass", ParDo.of(new PassFn()))
        .setRowSchema(rows.getSchema());
  }

  /** A mark under the one key for each element of {@code signal}. */
  private static <T> PCollection<KV<String, String>> marks(PCollection<T> signal, String name) {
    return signal.apply(name,
        MapElements.into(TypeDescriptors.kvs(TypeDescriptors.strings(), TypeDescriptors.strings()))
            .via((T element) -> KV.of("", "")));
  }

  private static class PassFn extends DoFn<KV<String, CoGbkResult>, Row> {
    @ProcessElement
    public void process(@Element KV<String, CoGbkResult> all, OutputReceiver<Row> out) {
      all.getValue().getAll(ROWS).forEach(out::output);
    }
  }
}
