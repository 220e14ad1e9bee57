package io.gckpi.pipeline.tables;

import java.util.List;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.Wait;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionView;
import org.apache.beam.sdk.values.Row;

/**
 * Passes schema rows on only once every given side input is ready, i.e. once the steps that
 * produce them are done: the ordering {@link Wait#on} gives, which cannot infer a coder for
 * schema rows itself. Sinks use it to write the ledger after the tables, and to clear a window's
 * old rows before writing its new ones.
 */
public final class AfterSideInputs extends PTransform<PCollection<Row>, PCollection<Row>> {
  private final List<PCollectionView<?>> signals;

  private AfterSideInputs(List<PCollectionView<?>> signals) {
    this.signals = signals;
  }

  public static AfterSideInputs of(List<PCollectionView<?>> signals) {
    return new AfterSideInputs(signals);
  }

  @Override
  public PCollection<Row> expand(PCollection<Row> rows) {
    return rows.apply("Pass", ParDo.of(new PassFn()).withSideInputs(signals))
        .setRowSchema(rows.getSchema());
  }

  private static class PassFn extends DoFn<Row, Row> {
    @ProcessElement
    public void process(@Element Row row, OutputReceiver<Row> out) {
      out.output(row);
    }
  }
}
