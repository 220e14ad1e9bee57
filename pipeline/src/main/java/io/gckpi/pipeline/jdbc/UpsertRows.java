package io.gckpi.pipeline.jdbc;

import com.google.auto.value.AutoValue;
import java.util.List;
import org.apache.beam.sdk.io.jdbc.JdbcIO;
import org.apache.beam.sdk.schemas.Schema;
import org.apache.beam.sdk.schemas.transforms.Convert;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.Row;

/**
 * Writes a schema'd PCollection to a PostgreSQL table with {@link UpsertStatement}, batched, and
 * returns the write's completion signal so that the ledger can {@code Wait.on} it: a window is
 * recorded complete only after its rows are committed.
 *
 * <p>Columns are the schema's fields in snake_case. A bounded input must hold at most one element
 * per key (PostgreSQL refuses to update one row twice in one multi-row statement); the pipeline
 * deduplicates or combines per key before writing. An unbounded input holds one row per key and
 * pane (a stream's accumulating panes replace the key's row one after another), and two panes can
 * meet in one batch: its batches go as single-row statements, in order, so the later pane wins.
 */
@AutoValue
public abstract class UpsertRows<T> extends PTransform<PCollection<T>, PCollection<Void>> {
  abstract JdbcSettings getJdbcSettings();

  abstract String getTable();

  abstract List<String> getKeyFields();

  abstract int getBatchSize();

  public static <T> UpsertRows<T> into(JdbcSettings settings, String table, String... keyFields) {
    if (keyFields.length == 0) {
      throw new IllegalArgumentException("an upsert into " + table + " needs key fields");
    }
    return new AutoValue_UpsertRows<>(settings, table, List.of(keyFields), 1000);
  }

  public UpsertRows<T> withBatchSize(int batchSize) {
    return new AutoValue_UpsertRows<>(getJdbcSettings(), getTable(), getKeyFields(), batchSize);
  }

  @Override
  public PCollection<Void> expand(PCollection<T> input) {
    if (!input.hasSchema()) {
      throw new IllegalArgumentException(
          "UpsertRows into " + getTable() + " needs a schema'd PCollection; " + input
              + " has coder " + input.getCoder());
    }
    Schema schema = input.getSchema();
    JdbcSettings settings =
        input.isBounded() == PCollection.IsBounded.UNBOUNDED
            ? getJdbcSettings().withBatchRewrite(false)
            : getJdbcSettings();
    String sql = UpsertStatement.forSchema(getTable(), schema, getKeyFields());
    return input
        .apply("ToRows", Convert.toRows())
        .apply(
            "Upsert",
            JdbcIO.<Row>write()
                .withDataSourceProviderFn(settings.dataSourceProvider())
                .withStatement(sql)
                .withPreparedStatementSetter(new RowParameterSetter())
                .withBatchSize(getBatchSize())
                .withResults());
  }
}
