package io.gckpi.pipeline.influx;

import io.gckpi.genesys.Interval;
import io.gckpi.pipeline.tables.KpiTable;
import io.gckpi.pipeline.tables.RunTables;
import io.gckpi.pipeline.tables.TableReader;
import io.gckpi.pipeline.tables.TableSink;
import java.util.Set;
import org.apache.beam.sdk.transforms.Wait;
import org.apache.beam.sdk.values.PCollection;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * {@code --sink=files,influx} and {@code --sink=jdbc,influx}: the tables go to the table sink as
 * before, and the hourly AHT per skill also goes to InfluxDB as points ({@link
 * WriteInfluxLineProtocol}). The ledger table waits for the points as it waits for the tables, so
 * a window the ledger calls complete has its points written too. The table sink keeps the ledger,
 * the reader and the window plan.
 */
public final class WithInfluxPoints implements TableSink {
  static final String AHT_BY_SKILL_HOURLY = "aht_by_skill_hourly";

  private final TableSink tables;
  private final InfluxSettings settings;

  private WithInfluxPoints(TableSink tables, InfluxSettings settings) {
    this.tables = tables;
    this.settings = settings;
  }

  /** {@code tables} alone when {@code influx} is null, else the tables and the points. */
  public static TableSink around(TableSink tables, @Nullable InfluxSettings influx) {
    return influx == null ? tables : new WithInfluxPoints(tables, influx);
  }

  @Override
  public void prepare() throws Exception {
    tables.prepare();
    InfluxWriter.create(settings).check();
  }

  @Override
  public Set<String> completeWindowIds(Interval range) throws Exception {
    return tables.completeWindowIds(range);
  }

  @Override
  public boolean hasLedger() {
    return tables.hasLedger();
  }

  @Override
  public void write(RunTables all) {
    KpiTable skillHours =
        all.all().stream()
            .filter(t -> t.name().equals(AHT_BY_SKILL_HOURLY))
            .findFirst()
            .orElseThrow(() -> new IllegalStateException("no " + AHT_BY_SKILL_HOURLY + " table"));
    PCollection<Long> written =
        skillHours
            .rows()
            .apply(WriteInfluxLineProtocol.STEP_NAME, WriteInfluxLineProtocol.to(settings));
    tables.write(all.map(table -> table.kind() != KpiTable.Kind.LEDGER
        ? table
        : new KpiTable(
            table.name(),
            table
                .rows()
                .apply("AfterInfluxPoints " + table.name(), Wait.on(written))
                .setRowSchema(table.rows().getSchema()),
            table.keyFields(),
            table.kind())));
  }

  @Override
  public TableReader reader() {
    return tables.reader();
  }

  @Override
  public String describe() {
    return tables.describe() + ", AHT points to " + settings;
  }
}
