package io.gckpi.pipeline.bigquery;

import com.google.api.services.bigquery.model.Clustering;
import com.google.api.services.bigquery.model.TableRow;
import com.google.api.services.bigquery.model.TimePartitioning;
import com.google.auto.value.AutoValue;
import io.gckpi.pipeline.tables.SqlNames;
import java.util.List;
import org.apache.beam.sdk.io.gcp.bigquery.BigQueryIO;
import org.apache.beam.sdk.io.gcp.bigquery.BigQueryServices;
import org.apache.beam.sdk.io.gcp.bigquery.BigQueryStorageApiInsertError;
import org.apache.beam.sdk.io.gcp.bigquery.RowMutationInformation.MutationType;
import org.apache.beam.sdk.io.gcp.bigquery.RowMutationInformation;
import org.apache.beam.sdk.io.gcp.bigquery.WriteResult;
import org.apache.beam.sdk.schemas.Schema;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.Flatten;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.SerializableFunction;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionList;
import org.apache.beam.sdk.values.Row;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * Upserts schema rows into a BigQuery table by primary key, through the Storage Write API's
 * change data capture: every row is an {@code UPSERT} whose change sequence number is the run's
 * start time, so a re-run of any window replaces exactly the rows it wrote before, a later run
 * wins over an earlier one, and a retried bundle (at-least-once delivery) lands the same row
 * twice with the same sequence number, which BigQuery collapses. That is the same contract as
 * {@code UpsertRows} in PostgreSQL: tables come out the same however the work was split or
 * repeated.
 *
 * <p>Tables are created on first use with the primary key (BigQuery requires one for CDC); a
 * table with a {@code report_date} is partitioned by it and clustered by its key. Returns the
 * rows BigQuery accepted, so that the ledger can wait for the write to finish.
 */
@AutoValue
public abstract class UpsertBigQueryRows extends PTransform<PCollection<Row>, PCollection<TableRow>> {
  /** PROJECT:DATASET.TABLE. */
  abstract String getTableSpec();

  abstract List<String> getKeyFields();

  abstract long getSequenceNumber();

  abstract @Nullable BigQueryServices getTestServices();

  abstract Builder toBuilder();

  /**
   * @param sequenceNumber the change sequence number of every row written, increasing from run to
   *     run (the run's start in epoch milliseconds)
   */
  public static UpsertBigQueryRows into(
      String tableSpec, List<String> keyFields, long sequenceNumber) {
    if (keyFields.isEmpty()) {
      throw new IllegalArgumentException("an upsert into " + tableSpec + " needs a key");
    }
    if (sequenceNumber < 0) {
      throw new IllegalArgumentException("sequence numbers are not negative: " + sequenceNumber);
    }
    return new AutoValue_UpsertBigQueryRows.Builder()
        .setTableSpec(tableSpec)
        .setKeyFields(List.copyOf(keyFields))
        .setSequenceNumber(sequenceNumber)
        .build();
  }

  /** Beam's fake BigQuery services in tests; null for the real service. */
  public UpsertBigQueryRows withTestServices(@Nullable BigQueryServices services) {
    return toBuilder().setTestServices(services).build();
  }

  @Override
  public PCollection<TableRow> expand(PCollection<Row> input) {
    Schema schema = input.getSchema();
    List<String> keyColumns = getKeyFields().stream().map(SqlNames::column).toList();
    long sequence = getSequenceNumber();
    BigQueryIO.Write<Row> write =
        BigQueryIO.<Row>write()
            .to(getTableSpec())
            .withSchema(BigQueryRows.tableSchema(schema))
            .withFormatFunction(BigQueryRows::tableRow)
            .withMethod(BigQueryIO.Write.Method.STORAGE_API_AT_LEAST_ONCE)
            .withPrimaryKey(keyColumns)
            .withRowMutationInformationFn(upsertWith(sequence))
            .withCreateDisposition(BigQueryIO.Write.CreateDisposition.CREATE_IF_NEEDED)
            .withWriteDisposition(BigQueryIO.Write.WriteDisposition.WRITE_APPEND)
            .withPropagateSuccessfulStorageApiWrites(true);
    if (BigQueryRows.isPartitioned(schema)) {
      write =
          write
              .withTimePartitioning(
                  new TimePartitioning()
                      .setType("DAY")
                      .setField(SqlNames.column(BigQueryRows.PARTITION_FIELD)))
              .withClustering(
                  new Clustering()
                      .setFields(keyColumns.subList(0, Math.min(4, keyColumns.size()))));
    }
    if (getTestServices() != null) {
      write = write.withTestServices(getTestServices());
    }
    WriteResult result = input.apply("Write", write);
    PCollection<TableRow> refusalsChecked =
        result
            .getFailedStorageApiInserts()
            .apply("FailOnRefusedRows", ParDo.of(new FailOnRefusedRowFn(getTableSpec())));
    return PCollectionList.of(result.getSuccessfulStorageApiInserts())
        .and(refusalsChecked)
        .apply("Written", Flatten.pCollections());
  }

  /**
   * A row BigQuery refuses fails the run, naming the row and BigQuery's reason: publishing a day
   * with rows missing would break the sink's promise, and the ledger (which waits for this step)
   * then keeps the window unmarked so the next run writes it again.
   */
  private static class FailOnRefusedRowFn extends DoFn<BigQueryStorageApiInsertError, TableRow> {
    private final String tableSpec;

    FailOnRefusedRowFn(String tableSpec) {
      this.tableSpec = tableSpec;
    }

    @ProcessElement
    public void process(@Element BigQueryStorageApiInsertError error) {
      throw new IllegalStateException(
          "BigQuery refused a row of " + tableSpec + ": " + error.getErrorMessage() + "; row "
              + error.getRow());
    }
  }

  private static SerializableFunction<Row, RowMutationInformation> upsertWith(long sequence) {
    return row -> RowMutationInformation.of(MutationType.UPSERT, sequence);
  }

  @AutoValue.Builder
  abstract static class Builder {
    abstract Builder setTableSpec(String tableSpec);

    abstract Builder setKeyFields(List<String> keyFields);

    abstract Builder setSequenceNumber(long sequenceNumber);

    abstract Builder setTestServices(@Nullable BigQueryServices services);

    abstract UpsertBigQueryRows build();
  }
}
