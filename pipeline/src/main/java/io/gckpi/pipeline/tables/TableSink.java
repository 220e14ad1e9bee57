package io.gckpi.pipeline.tables;

import io.gckpi.genesys.Interval;
import java.util.Set;

/**
 * Where a run's tables go. {@link #prepare} runs at launch (DDL, checks that the destination is
 * reachable, so a bad URL fails before any extraction); {@link #write} adds the writes to the
 * pipeline and must write the {@link KpiTable.Kind#LEDGER} table only after every other table is
 * committed, so that a window is never marked complete before its rows exist.
 */
public interface TableSink {
  void prepare() throws Exception;

  /** Windows inside {@code range} that earlier runs completed; empty for sinks without a ledger. */
  Set<String> completeWindowIds(Interval range) throws Exception;

  /**
   * Whether the sink keeps a ledger and replaces rows per window, so that a run may read some
   * windows only; false for a sink whose tables every run replaces whole.
   */
  default boolean hasLedger() {
    return true;
  }

  /**
   * Adds the writes of {@code tables} to their pipeline (a sink may create missing tables now);
   * the scopes the run read ({@code ledger.ReplacementScopes}) say what a re-read replaces.
   *
   * @throws java.io.UncheckedIOException when the destination cannot be reached or refuses
   */
  void write(RunTables tables);

  /** Reads back what was written, for the console summary; null when the sink cannot. */
  default io.gckpi.pipeline.tables.TableReader reader() {
    return null;
  }

  /** Human-readable destination, for logs. */
  String describe();
}
