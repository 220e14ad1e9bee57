package io.gckpi.pipeline.bigquery;

import com.google.api.services.bigquery.model.TableReference;
import com.google.api.services.bigquery.model.TableRow;
import java.util.ArrayList;
import java.util.List;
import org.apache.beam.sdk.coders.KvCoder;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.coders.VarIntCoder;
import org.apache.beam.sdk.io.gcp.bigquery.BigQueryHelpers;
import org.apache.beam.sdk.io.gcp.bigquery.TableRowJsonCoder;
import org.apache.beam.sdk.metrics.Counter;
import org.apache.beam.sdk.metrics.Metrics;
import org.apache.beam.sdk.transforms.Distinct;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.GroupIntoBatches;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.WithKeys;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.TypeDescriptors;

/**
 * The rows a table already holds in the scopes a run replaces (the windows it read again, say),
 * read back through {@link BigQueryReads}: what earlier runs wrote there, so that the run can
 * delete the keys it no longer produces. Scope values go in batches of at most
 * {@value #BATCH} per read, spread over {@value #SHARDS} keys so that workers share the reads.
 */
final class ReadScopeRows extends PTransform<PCollection<String>, PCollection<TableRow>> {
  static final int BATCH = 10_000;
  static final int SHARDS = 8;

  private final TableReference table;
  private final String scopeColumn;
  private final BigQueryReads reads;

  private ReadScopeRows(TableReference table, String scopeColumn, BigQueryReads reads) {
    this.table = table;
    this.scopeColumn = scopeColumn;
    this.reads = reads;
  }

  /** The rows of {@code table} whose {@code scopeColumn} (snake_case) holds an input value. */
  static ReadScopeRows of(TableReference table, String scopeColumn, BigQueryReads reads) {
    return new ReadScopeRows(table, scopeColumn, reads);
  }

  @Override
  public PCollection<TableRow> expand(PCollection<String> scopes) {
    return scopes
        .apply("DistinctScopes", Distinct.create())
        .apply("Shard", WithKeys.of((String scope) -> Math.floorMod(scope.hashCode(), SHARDS))
            .withKeyType(TypeDescriptors.integers()))
        .setCoder(KvCoder.of(VarIntCoder.of(), StringUtf8Coder.of()))
        .apply("Batch", GroupIntoBatches.ofSize(BATCH))
        .apply("Read", ParDo.of(new ReadFn(table, scopeColumn, reads)))
        .setCoder(TableRowJsonCoder.of());
  }

  private static class ReadFn extends DoFn<KV<Integer, Iterable<String>>, TableRow> {
    private final String table; // a TableReference is not serializable: its JSON form
    private final String scopeColumn;
    private final BigQueryReads reads;
    private final Counter rowsRead;

    ReadFn(TableReference table, String scopeColumn, BigQueryReads reads) {
      this.table = BigQueryHelpers.toJsonString(table);
      this.scopeColumn = scopeColumn;
      this.reads = reads;
      this.rowsRead = Metrics.counter("gckpi", "scope_rows_read_" + table.getTableId());
    }

    @ProcessElement
    public void process(@Element KV<Integer, Iterable<String>> batch, OutputReceiver<TableRow> out)
        throws Exception {
      List<String> values = new ArrayList<>();
      batch.getValue().forEach(values::add);
      TableReference reference = BigQueryHelpers.fromJsonString(table, TableReference.class);
      for (TableRow row : reads.rowsWhere(reference, scopeColumn, values)) {
        rowsRead.inc();
        out.output(row);
      }
    }
  }
}
