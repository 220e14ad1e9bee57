package io.gckpi.pipeline.jdbc;

import io.gckpi.pipeline.tables.SqlNames;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import org.apache.beam.sdk.metrics.Counter;
import org.apache.beam.sdk.metrics.Metrics;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.values.PCollection;

/**
 * Deletes a table's rows of the given scope values (the table's replacement field: extraction
 * windows, conversations) before the scopes' new rows are upserted. Upserts alone replace the rows
 * a re-read produces again, but not the keys it no longer produces: when Genesys moves a
 * conversation to another queue or day between two reads, the old (report_date, queue, media,
 * window) component would stay and count twice; when it reprocesses a conversation and drops a
 * segment, the old (session, ordinal) row would stay. Clearing the scope first makes a re-read
 * replace its whole contribution.
 *
 * <p>Safe to repeat, and safe to be killed between the delete and the upsert: the ledger marks a
 * window complete only after its rows are written, so the next run reads the window (and so its
 * conversations) again. Deletes go in batches of up to {@value #BATCH} scope values per statement
 * ({@code = ANY(?)}), flushed before the bundle commits. Outputs the scope values it cleared, as
 * the signal the upsert waits for.
 */
public final class ClearReplacedRows extends PTransform<PCollection<String>, PCollection<String>> {
  static final int BATCH = 1000;
  private final JdbcSettings settings;
  private final String table;
  private final String column;

  private ClearReplacedRows(JdbcSettings settings, String table, String column) {
    this.settings = settings;
    this.table = table;
    this.column = column;
  }

  /** Clears the rows of {@code table} whose {@code field} (a schema field name) is given. */
  public static ClearReplacedRows of(JdbcSettings settings, String table, String field) {
    String column = SqlNames.column(field);
    for (String name : List.of(table, column)) {
      if (!name.matches("[a-z_][a-z0-9_]*")) {
        throw new IllegalArgumentException("not an SQL name: " + name);
      }
    }
    return new ClearReplacedRows(settings, table, column);
  }

  @Override
  public PCollection<String> expand(PCollection<String> scopeValues) {
    return scopeValues.apply("Delete", ParDo.of(new DeleteFn(settings, table, column)));
  }

  private static class DeleteFn extends DoFn<String, String> {
    private final JdbcSettings settings;
    private final String table;
    private final String column;
    private final Counter deleted;
    private transient Connection connection;
    private transient List<String> pending;

    DeleteFn(JdbcSettings settings, String table, String column) {
      this.settings = settings;
      this.table = table;
      this.column = column;
      this.deleted = Metrics.counter("gckpi", "cleared_rows_" + table);
    }

    @Setup
    public void setup() throws SQLException {
      connection = settings.openConnection();
    }

    @StartBundle
    public void startBundle() {
      pending = new ArrayList<>();
    }

    @ProcessElement
    public void process(@Element String value, OutputReceiver<String> out) throws SQLException {
      pending.add(value);
      if (pending.size() >= BATCH) {
        flush();
      }
      out.output(value);
    }

    @FinishBundle
    public void finishBundle() throws SQLException {
      flush();
    }

    private void flush() throws SQLException {
      if (pending.isEmpty()) {
        return;
      }
      try (PreparedStatement delete =
          connection.prepareStatement(
              "DELETE FROM " + table + " WHERE " + column + " = ANY(?)")) {
        Array values = connection.createArrayOf("text", pending.toArray());
        delete.setArray(1, values);
        deleted.inc(delete.executeUpdate());
      }
      pending.clear();
    }

    @Teardown
    public void teardown() throws SQLException {
      if (connection != null) {
        connection.close();
      }
    }
  }
}
