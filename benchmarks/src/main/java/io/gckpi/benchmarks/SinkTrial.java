package io.gckpi.benchmarks;

import io.gckpi.genesys.Interval;
import io.gckpi.pipeline.jdbc.JdbcSettings;
import io.gckpi.pipeline.jdbc.RowParameterSetter;
import io.gckpi.pipeline.jdbc.SchemaMigrations;
import io.gckpi.pipeline.jdbc.UpsertStatement;
import io.gckpi.pipeline.tables.SqlNames;
import io.gckpi.transforms.InteractionKpis;
import io.gckpi.transforms.KpiSpec;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.beam.sdk.schemas.NoSuchSchemaException;
import org.apache.beam.sdk.schemas.Schema;
import org.apache.beam.sdk.schemas.SchemaRegistry;
import org.apache.beam.sdk.transforms.SerializableFunction;
import org.apache.beam.sdk.values.Row;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyIn;

/**
 * interaction_timelines rows (the pipeline's own, computed from the NDJSON) written three ways in a
 * schema of their own: the pipeline's upsert statement ({@link UpsertStatement}, bound by {@link
 * RowParameterSetter}, in JDBC batches of {@link #BATCH} committed one by one as JdbcIO does, with
 * {@code reWriteBatchedInserts}) into the empty table; the same rows again (the update path, which
 * the statement's row-differs clause makes a no-op); and, after a TRUNCATE, COPY of the same rows
 * as CSV. One connection each way.
 */
final class SinkTrial {
  static final String TABLE = "interaction_timelines";
  /** UpsertRows' batch size. */
  static final int BATCH = 1000;
  private static final long WINDOW_MS = 3_600_000L;

  private SinkTrial() {}

  static Map<String, Object> run(Path ndjson, KpiSpec spec, String jdbcUrl) throws SQLException {
    Rows rows = Rows.of(ndjson, spec);
    String schema = "gckpi_bench_" + ProcessHandle.current().pid();
    JdbcSettings settings = JdbcSettings.of(jdbcUrl).withSchema(schema);
    SchemaMigrations.apply(settings);
    try (Connection connection = settings.openConnection()) {
      connection.setAutoCommit(false);
      Map<String, Object> out = new LinkedHashMap<>();
      out.put("rows", rows.values.size());

      long started = System.nanoTime();
      upsert(connection, rows);
      out.put("upsertSeconds", (System.nanoTime() - started) / 1e9);
      out.put("upsertRowsInTable", count(connection, "true", null));

      Timestamp beforeRerun = now(connection);
      started = System.nanoTime();
      upsert(connection, rows);
      out.put("rerunSeconds", (System.nanoTime() - started) / 1e9);
      out.put("rerunRowsChanged", count(connection, "updated_at >= ?", beforeRerun));

      try (Statement statement = connection.createStatement()) {
        statement.execute("TRUNCATE " + TABLE);
      }
      connection.commit();
      started = System.nanoTime();
      copy(connection, rows);
      out.put("copySeconds", (System.nanoTime() - started) / 1e9);
      out.put("copyRowsInTable", count(connection, "true", null));
      return out;
    } finally {
      try (Connection connection = JdbcSettings.of(jdbcUrl).openConnection();
          Statement statement = connection.createStatement()) {
        statement.execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
      }
    }
  }

  private static void upsert(Connection connection, Rows rows) throws SQLException {
    String sql = UpsertStatement.forSchema(TABLE, rows.schema, List.of("conversationId"));
    RowParameterSetter setter = new RowParameterSetter();
    try (PreparedStatement statement = connection.prepareStatement(sql)) {
      int batched = 0;
      for (Row row : rows.values) {
        setter.setParameters(row, statement);
        statement.addBatch();
        if (++batched == BATCH) {
          statement.executeBatch();
          connection.commit();
          batched = 0;
        }
      }
      if (batched > 0) {
        statement.executeBatch();
        connection.commit();
      }
    }
  }

  private static void copy(Connection connection, Rows rows) throws SQLException {
    String columns =
        rows.schema.getFields().stream()
            .map(f -> SqlNames.column(f.getName()))
            .collect(Collectors.joining(", "));
    CopyIn copy =
        connection
            .unwrap(PGConnection.class)
            .getCopyAPI()
            .copyIn("COPY " + TABLE + " (" + columns + ") FROM STDIN WITH (FORMAT csv)");
    StringBuilder csv = new StringBuilder(1 << 20);
    int batched = 0;
    for (Row row : rows.values) {
      CopyCsv.appendLine(csv, row);
      if (++batched == BATCH) {
        write(copy, csv);
        batched = 0;
      }
    }
    write(copy, csv);
    copy.endCopy();
    connection.commit();
  }

  private static void write(CopyIn copy, StringBuilder csv) throws SQLException {
    byte[] bytes = csv.toString().getBytes(StandardCharsets.UTF_8);
    copy.writeToCopy(bytes, 0, bytes.length);
    csv.setLength(0);
  }

  private static Timestamp now(Connection connection) throws SQLException {
    try (Statement statement = connection.createStatement();
        ResultSet rs = statement.executeQuery("SELECT clock_timestamp()")) {
      rs.next();
      Timestamp now = rs.getTimestamp(1);
      connection.commit();
      return now;
    }
  }

  private static long count(Connection connection, String where, Timestamp since)
      throws SQLException {
    try (PreparedStatement statement =
        connection.prepareStatement("SELECT count(*) FROM " + TABLE + " WHERE " + where)) {
      if (since != null) {
        statement.setTimestamp(1, since);
      }
      try (ResultSet rs = statement.executeQuery()) {
        rs.next();
        long count = rs.getLong(1);
        connection.commit();
        return count;
      }
    }
  }

  /** The table's rows as the pipeline writes them: the interaction's fields and its window. */
  static final class Rows {
    final Schema schema;
    final List<Row> values;

    private Rows(Schema schema, List<Row> values) {
      this.schema = schema;
      this.values = values;
    }

    static Rows of(Path ndjson, KpiSpec spec) {
      SchemaRegistry registry = SchemaRegistry.createDefault();
      Schema kpiSchema;
      SerializableFunction<InteractionKpis, Row> toRow;
      try {
        kpiSchema = registry.getSchema(InteractionKpis.class);
        toRow = registry.getToRowFunction(InteractionKpis.class);
      } catch (NoSuchSchemaException e) {
        throw new IllegalStateException(e);
      }
      Schema schema =
          Schema.builder().addFields(kpiSchema.getFields()).addStringField("windowId").build();
      List<Row> values = new ArrayList<>();
      PlainLoop.run(ndjson, spec, k ->
          values.add(
              Row.withSchema(schema)
                  .addValues(toRow.apply(k).getValues())
                  .addValue(windowId(k.getConversationStartMs()))
                  .build()));
      return new Rows(schema, values);
    }

    private static String windowId(long startMs) {
      long start = Math.floorDiv(startMs, WINDOW_MS) * WINDOW_MS;
      return new Interval(Instant.ofEpochMilli(start), Instant.ofEpochMilli(start + WINDOW_MS))
          .toString();
    }
  }
}
