package io.gckpi.pipeline.ledger;

import io.gckpi.pipeline.tables.AfterAll;
import io.gckpi.pipeline.tables.KpiTable;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.Row;

/**
 * The ordering every database sink owes the ledger: write each table, then write the
 * {@link KpiTable.Kind#LEDGER} table only once every other write has finished, so that
 * "complete" in {@code extraction_windows} always means "its rows are committed". A run that dies
 * before that leaves its windows unmarked, and the next run reads them again; upserts make that
 * harmless.
 *
 * <p>The wait goes through a grouping of the ledger's rows with the writes' results ({@link
 * AfterAll}), which fires only when every write is done.
 */
public final class LedgerLast {
  private LedgerLast() {}

  /**
   * Applies {@code write} to every table the database keeps, the ledger last.
   *
   * @param write adds one table's write to the pipeline and returns a collection that is complete
   *     only once that write is (the write's result or success signal)
   * @return how many table writes the pipeline now holds
   */
  public static int write(List<KpiTable> tables, Function<KpiTable, PCollection<?>> write) {
    List<PCollection<?>> written = new ArrayList<>();
    List<KpiTable> ledgers = new ArrayList<>();
    for (KpiTable table : tables) {
      if (table.kind() == KpiTable.Kind.LEDGER) {
        ledgers.add(table);
      } else if (table.inDatabase()) {
        written.add(write.apply(table));
      }
    }
    if (ledgers.isEmpty()) {
      return written.size(); // a streaming run keeps no ledger: nothing to wait for
    }
    for (KpiTable ledger : ledgers) {
      PCollection<Row> afterTables =
          ledger.rows().apply("WaitForTables " + ledger.name(), AfterAll.of(written));
      write.apply(new KpiTable(ledger.name(), afterTables, ledger.keyFields(), ledger.kind()));
    }
    return written.size() + ledgers.size();
  }
}
