package io.gckpi.pipeline.bigquery;

import com.google.api.services.bigquery.model.TableRow;
import com.google.auto.value.AutoValue;
import io.gckpi.pipeline.tables.SqlNames;
import java.io.IOException;
import java.util.List;
import org.apache.beam.sdk.coders.KvCoder;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.io.gcp.bigquery.BigQueryIO;
import org.apache.beam.sdk.io.gcp.bigquery.BigQueryServices;
import org.apache.beam.sdk.io.gcp.bigquery.BigQueryStorageApiInsertError;
import org.apache.beam.sdk.io.gcp.bigquery.RowMutationInformation.MutationType;
import org.apache.beam.sdk.io.gcp.bigquery.RowMutationInformation;
import org.apache.beam.sdk.io.gcp.bigquery.TableRowJsonCoder;
import org.apache.beam.sdk.io.gcp.bigquery.WriteResult;
import org.apache.beam.sdk.schemas.Schema;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.Flatten;
import org.apache.beam.sdk.transforms.MapElements;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.SerializableFunction;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionList;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.Row;
import org.apache.beam.sdk.values.TypeDescriptor;
import org.apache.beam.sdk.values.TypeDescriptors;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * Upserts schema rows into a BigQuery table by primary key, through the Storage Write API's
 * change data capture, and deletes the rows an earlier run wrote in the scopes this run replaces
 * unless this run writes them again. That is the contract of {@code UpsertRows} and
 * {@code ClearWindowRows} in PostgreSQL: tables come out the same however the work was split or
 * repeated, and a re-read window leaves no key it no longer produces.
 *
 * <p>Every change carries a change sequence number taken from the run's start time {@code S}:
 * {@code 2S} for a delete, {@code 2S + 1} for an upsert. BigQuery keeps, per primary key, the
 * change with the highest number, in whatever order they arrive, so
 * <ul>
 *   <li>a later run wins over an earlier one (and over releases that numbered changes {@code S});
 *   <li>a retried bundle (at-least-once delivery) lands a change twice with the same number,
 *       which BigQuery collapses;
 *   <li>a key this run both deletes (it was in a replaced scope) and upserts (the re-read
 *       produced it again) keeps the upsert, even when the delete arrives last; so the deletes
 *       need not wait for anything, and a scope read that already sees some of this run's rows
 *       is harmless.
 * </ul>
 *
 * <p>Deletes go through the same change stream rather than a DML {@code DELETE} or
 * {@code MERGE}: a DML statement takes no part in that per-key order (it acts on the changes
 * applied when it runs, so a change still in flight with a lower number could bring back a row it
 * deleted, and it removes rows this run has just upserted unless it waits for every upsert), every
 * statement is a billed query, mutating DML on one table queues behind the table's other DML, and
 * Beam's in-memory BigQuery, on which the sink is tested, runs no DML at all. A delete carries the
 * whole row the earlier run wrote (the Storage Write API checks a row against the table's
 * REQUIRED columns), which the scope read gives.
 *
 * <p>The table must exist with its primary key (BigQuery requires one for CDC;
 * {@link BigQueryRows#table} defines it, and the sink creates its tables at launch). Returns the
 * changes BigQuery accepted, so that the ledger can wait for the write to finish.
 */
@AutoValue
public abstract class UpsertBigQueryRows extends PTransform<PCollection<Row>, PCollection<TableRow>> {
  /** PROJECT:DATASET.TABLE. */
  abstract String getTableSpec();

  abstract List<String> getKeyFields();

  abstract long getSequenceNumber();

  abstract @Nullable BigQueryServices getTestServices();

  abstract @Nullable PCollection<TableRow> getReplacedRows();

  abstract Builder toBuilder();

  /**
   * @param sequenceNumber the run's start in epoch milliseconds, from which the change sequence
   *     numbers of its upserts and deletes derive (increasing from run to run)
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

  /**
   * The rows earlier runs wrote in the scopes this run replaces (as {@link ReadScopeRows} reads
   * them): each is deleted unless this run upserts its key again.
   */
  public UpsertBigQueryRows replacing(PCollection<TableRow> earlierRows) {
    return toBuilder().setReplacedRows(earlierRows).build();
  }

  @Override
  public PCollection<TableRow> expand(PCollection<Row> input) {
    Schema schema = input.getSchema();
    List<String> keyColumns = getKeyFields().stream().map(SqlNames::column).toList();
    long sequence = getSequenceNumber();
    PCollection<KV<String, TableRow>> changes =
        input
            .apply("Upserts", MapElements
                .into(TypeDescriptors.kvs(TypeDescriptors.strings(), TypeDescriptor.of(TableRow.class)))
                .via((Row row) -> KV.of(MutationType.UPSERT.name(), BigQueryRows.tableRow(row))))
            .setCoder(CHANGE_CODER);
    if (getReplacedRows() != null) {
      PCollection<KV<String, TableRow>> deletes =
          getReplacedRows()
              .apply("Deletes", MapElements
                  .into(TypeDescriptors.kvs(TypeDescriptors.strings(), TypeDescriptor.of(TableRow.class)))
                  .via((TableRow row) -> KV.of(MutationType.DELETE.name(), row)))
              .setCoder(CHANGE_CODER);
      changes = PCollectionList.of(changes).and(deletes)
          .apply("Changes", Flatten.pCollections())
          .setCoder(CHANGE_CODER);
    }
    BigQueryIO.Write<KV<String, TableRow>> write =
        BigQueryIO.<KV<String, TableRow>>write()
            .to(getTableSpec())
            .withSchema(BigQueryRows.tableSchema(schema))
            .withFormatFunction(KV::getValue)
            .withMethod(BigQueryIO.Write.Method.STORAGE_API_AT_LEAST_ONCE)
            .withPrimaryKey(keyColumns)
            .withRowMutationInformationFn(changeOf(sequence))
            .withCreateDisposition(BigQueryIO.Write.CreateDisposition.CREATE_NEVER)
            .withWriteDisposition(BigQueryIO.Write.WriteDisposition.WRITE_APPEND)
            .withPropagateSuccessfulStorageApiWrites(true);
    if (getTestServices() != null) {
      write = write.withTestServices(getTestServices());
    }
    WriteResult result = changes.apply("Write", write);
    PCollection<TableRow> refusalsChecked =
        result
            .getFailedStorageApiInserts()
            .apply("FailOnRefusedRows", ParDo.of(new FailOnRefusedRowFn(getTableSpec())));
    return PCollectionList.of(result.getSuccessfulStorageApiInserts())
        .and(refusalsChecked)
        .apply("Written", Flatten.pCollections());
  }

  /**
   * A row BigQuery refuses fails the run, naming the row and BigQuery's reason (as an I/O
   * failure: BigQuery refused the job, so the run ends with exit code 3): publishing a day with
   * rows missing would break the sink's promise, and the ledger (which waits for this step) then
   * keeps the window unmarked so the next run writes it again.
   */
  private static class FailOnRefusedRowFn extends DoFn<BigQueryStorageApiInsertError, TableRow> {
    private final String tableSpec;

    FailOnRefusedRowFn(String tableSpec) {
      this.tableSpec = tableSpec;
    }

    @ProcessElement
    public void process(@Element BigQueryStorageApiInsertError error) throws IOException {
      throw new IOException(
          "BigQuery refused a row of " + tableSpec + ": " + error.getErrorMessage() + "; row "
              + error.getRow());
    }
  }

  private static final KvCoder<String, TableRow> CHANGE_CODER =
      KvCoder.of(StringUtf8Coder.of(), TableRowJsonCoder.of());

  /** The change sequence numbers of a run that started at {@code start}: deletes before upserts. */
  static long sequenceNumber(MutationType type, long start) {
    return type == MutationType.DELETE ? 2 * start : 2 * start + 1;
  }

  private static SerializableFunction<KV<String, TableRow>, RowMutationInformation> changeOf(
      long start) {
    return change -> {
      MutationType type = MutationType.valueOf(change.getKey());
      return RowMutationInformation.of(type, sequenceNumber(type, start));
    };
  }

  @AutoValue.Builder
  abstract static class Builder {
    abstract Builder setTableSpec(String tableSpec);

    abstract Builder setKeyFields(List<String> keyFields);

    abstract Builder setSequenceNumber(long sequenceNumber);

    abstract Builder setTestServices(@Nullable BigQueryServices services);

    abstract Builder setReplacedRows(@Nullable PCollection<TableRow> rows);

    abstract UpsertBigQueryRows build();
  }
}
