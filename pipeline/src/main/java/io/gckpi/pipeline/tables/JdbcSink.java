package io.gckpi.pipeline.tables;

import io.gckpi.genesys.Interval;
import io.gckpi.pipeline.ledger.WindowLedger;
import io.gckpi.pipeline.sink.JdbcSettings;
import io.gckpi.pipeline.sink.SchemaMigrations;
import io.gckpi.pipeline.sink.UpsertRows;
import java.sql.SQLException;
import io.gckpi.pipeline.verify.TableReader;
import java.util.List;
import java.util.Set;
import org.apache.beam.sdk.values.Row;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Upserts every table into PostgreSQL, the ledger last ({@link LedgerLast}), after applying the
 * versioned DDL at launch; the ledger it reads back decides which windows a run may skip.
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
    return WindowLedger.completeWindowIds(settings, range);
  }

  @Override
  public void write(List<KpiTable> tables) {
    int writes =
        LedgerLast.write(tables, table -> table.rows().apply("Upsert " + table.name(), upsert(table)));
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
    return TableReader.jdbc(settings);
  }

  @Override
  public String describe() {
    return "PostgreSQL " + settings;
  }
}
