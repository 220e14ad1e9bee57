package io.gckpi.pipeline.jdbc;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import org.apache.beam.sdk.metrics.Counter;
import org.apache.beam.sdk.metrics.Metrics;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.values.PCollection;

/**
 * Deletes a table's rows of the given extraction windows, before the windows' new rows are
 * upserted. Upserts alone replace the rows a re-read produces again, but not the keys it no longer
 * produces: when Genesys moves a conversation to another queue or day between two reads, the old
 * (report_date, queue, media, window) component would stay and count twice. Clearing the window
 * first makes a re-read replace its whole contribution.
 *
 * <p>Safe to repeat, and safe to be killed between the delete and the upsert: the ledger marks a
 * window complete only after its rows are written, so the next run reads the window again.
 * Outputs the window ids it cleared, as the signal the upsert waits for.
 */
public final class ClearWindowRows extends PTransform<PCollection<String>, PCollection<String>> {
  private final JdbcSettings settings;
  private final String table;

  private ClearWindowRows(JdbcSettings settings, String table) {
    this.settings = settings;
    this.table = table;
  }

  public static ClearWindowRows of(JdbcSettings settings, String table) {
    if (!table.matches("[a-z_][a-z0-9_]*")) {
      throw new IllegalArgumentException("not a table name: " + table);
    }
    return new ClearWindowRows(settings, table);
  }

  @Override
  public PCollection<String> expand(PCollection<String> windowIds) {
    return windowIds.apply("Delete", ParDo.of(new DeleteFn(settings, table)));
  }

  private static class DeleteFn extends DoFn<String, String> {
    private final JdbcSettings settings;
    private final String table;
    private final Counter deleted;
    private transient Connection connection;

    DeleteFn(JdbcSettings settings, String table) {
      this.settings = settings;
      this.table = table;
      this.deleted = Metrics.counter("gckpi", "cleared_rows_" + table);
    }

    @Setup
    public void setup() throws SQLException {
      connection = settings.openConnection();
    }

    @ProcessElement
    public void process(@Element String windowId, OutputReceiver<String> out) throws SQLException {
      try (PreparedStatement delete =
          connection.prepareStatement("DELETE FROM " + table + " WHERE window_id = ?")) {
        delete.setString(1, windowId);
        deleted.inc(delete.executeUpdate());
      }
      out.output(windowId);
    }

    @Teardown
    public void teardown() throws SQLException {
      if (connection != null) {
        connection.close();
      }
    }
  }
}
