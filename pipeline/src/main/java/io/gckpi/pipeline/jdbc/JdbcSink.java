package io.gckpi.pipeline.jdbc;

import io.gckpi.genesys.Interval;
import io.gckpi.pipeline.ledger.LedgerLast;
import io.gckpi.pipeline.ledger.ReplacementScopes;
import io.gckpi.pipeline.ledger.WindowLedger;
import io.gckpi.pipeline.tables.AfterSideInputs;
import io.gckpi.pipeline.tables.KpiTable;
import io.gckpi.pipeline.tables.RunTables;
import io.gckpi.pipeline.tables.TableReader;
import io.gckpi.pipeline.tables.TableSink;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.beam.sdk.transforms.View;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionView;
import org.apache.beam.sdk.values.Row;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Upserts every table into PostgreSQL, the ledger last ({@link LedgerLast}), after applying the
 * versioned DDL at launch; the ledger it reads back decides which windows a run may skip. A table
 * replaced per window or per conversation ({@link KpiTable#replacedPer()}) first loses its rows of
 * the windows or conversations the run read ({@link ClearReplacedRows}), so a re-read leaves no
 * stale row behind.
 */
public final class JdbcSink implements TableSink {
  private static final Logger LOG = LoggerFactory.getLogger(JdbcSink.class);
  private final JdbcSettings settings;

  public JdbcSink(JdbcSettings settings) {
    this.settings = settings;
  }

  @Override
  public void prepare() throws SQLException {
    int version = SchemaMigrations.apply(settings);
    LOG.info("PostgreSQL {} is at schema version {}", settings, version);
  }

  @Override
  public Set<String> completeWindowIds(Interval range) throws SQLException {
    try (Connection connection = settings.openConnection()) {
      return WindowLedger.completeWindowIds(connection, range);
    }
  }

  @Override
  public void write(RunTables tables) {
    Map<String, PCollection<String>> scopesRead = ReplacementScopes.of(tables);
    int writes =
        LedgerLast.write(
            tables.all(),
            table -> {
              PCollection<Row> rows = table.rows();
              PCollection<String> scope = table.replacedPer().map(scopesRead::get).orElse(null);
              if (scope == null && table.replacedPer().isPresent()) {
                // A stream keeps no scope: a side input of a stream is ready after its first
                // pane, not after every delete, so there is no "before the upsert" to wait for.
                LOG.info("{} is upserted by key only: this run replaces no rows per {}",
                    table.name(), table.replacedPer().get());
              } else if (scope != null) {
                PCollectionView<Iterable<String>> cleared =
                    scope
                        .apply("Clear " + table.name(),
                            ClearReplacedRows.of(settings, table.name(), table.replacedPer().get()))
                        .apply("Cleared " + table.name(), View.asIterable());
                rows = rows.apply("AfterClear " + table.name(), AfterSideInputs.of(List.of(cleared)));
              }
              return rows.apply("Upsert " + table.name(), upsert(table));
            });
    LOG.info(
        "{} table writes share at most {} connections per worker JVM; on Flink batch each write"
            + " holds one for its whole partition, so use --jdbcMaxConnections of at least {}"
            + " times the task slots per worker",
        writes, settings.getMaxConnections(), writes);
  }

  private UpsertRows<Row> upsert(KpiTable table) {
    return UpsertRows.into(settings, table.name(), table.keyFields().toArray(new String[0]));
  }

  @Override
  public TableReader reader() {
    return JdbcTableReader.of(settings);
  }

  @Override
  public String describe() {
    return "PostgreSQL " + settings;
  }
}
