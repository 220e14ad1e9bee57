package io.gckpi.pipeline.tables;

import io.gckpi.genesys.Interval;
import io.gckpi.pipeline.ledger.WindowLedger;
import io.gckpi.pipeline.sink.JdbcSettings;
import io.gckpi.pipeline.sink.SchemaMigrations;
import io.gckpi.pipeline.sink.UpsertRows;
import java.sql.SQLException;
import java.util.ArrayList;
import io.gckpi.pipeline.verify.TableReader;
import java.util.List;
import java.util.Set;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.View;
import org.apache.beam.sdk.transforms.Wait;
import org.apache.beam.sdk.values.PCollectionView;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.Row;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Upserts every table into PostgreSQL and records the windows in the ledger last: the ledger
 * write waits for every other table's write to finish (through side inputs, as {@link Wait#on}
 * does), so "complete" in {@code extraction_windows} always means "its rows are committed". A run that dies before that
 * leaves its windows unmarked, and the next run reads them again; the upserts make that harmless.
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
    List<PCollection<Void>> written = new ArrayList<>();
    List<KpiTable> ledgers = new ArrayList<>();
    for (KpiTable table : tables) {
      if (table.kind() == KpiTable.Kind.LEDGER) {
        ledgers.add(table);
      } else if (table.inDatabase()) {
        written.add(table.rows().apply("Upsert " + table.name(), upsert(table)));
      }
    }
    LOG.info(
        "{} table writes share at most {} connections per worker JVM; on Flink batch each write"
            + " holds one for its whole partition, so use --jdbcMaxConnections of at least {}"
            + " times the task slots per worker",
        written.size() + ledgers.size(), settings.getMaxConnections(),
        written.size() + ledgers.size());
    List<PCollectionView<?>> committed = new ArrayList<>();
    for (int i = 0; i < written.size(); i++) {
      committed.add(written.get(i).apply("Committed " + i, View.asIterable()));
    }
    for (KpiTable ledger : ledgers) {
      ledger
          .rows()
          .apply(
              "WaitForTables " + ledger.name(),
              ParDo.of(new AfterFn()).withSideInputs(committed))
          .setRowSchema(ledger.rows().getSchema())
          .apply("Upsert " + ledger.name(), upsert(ledger));
    }
  }

  /**
   * Passes rows on only once every side input is ready, i.e. once every table write has
   * finished: {@link Wait#on} does the same, but cannot infer a coder for schema rows.
   */
  private static class AfterFn extends DoFn<Row, Row> {
    @ProcessElement
    public void process(@Element Row row, OutputReceiver<Row> out) {
      out.output(row);
    }
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
