package io.gckpi.pipeline.tables;

import java.util.List;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.Row;

/**
 * One output table of a run: its name (the same in PostgreSQL, BigQuery and as a CSV file), its
 * rows with camelCase field names (columns are their snake_case), and the key an upsert matches
 * on. Sinks handle tables generically, so a table is declared once and lands the same everywhere.
 *
 * @param kind who writes it where: databases store facts, components and the ledger and derive
 *     reports in views; the files sink writes facts, reports and the ledger
 */
public record KpiTable(String name, PCollection<Row> rows, List<String> keyFields, Kind kind) {
  public enum Kind {
    /** One row per thing that happened (an interaction, a malformed record, a failed window). */
    FACT,
    /** Additive per-window components; databases sum them in a view. */
    COMPONENT,
    /** Rates and averages derived from components, for the files sink (databases use views). */
    REPORT,
    /** The extraction ledger; written only after every other table of the run is written. */
    LEDGER,
    /**
     * Reference data (queues, wrap-up codes, skills, users), one row per entity as the run read
     * it, keyed by id; every sink writes it, and the reports name things by it.
     */
    DIMENSION
  }

  public boolean inDatabase() {
    return kind != Kind.REPORT;
  }

  /**
   * Rows that belong to one extraction window (keyed by it): a re-read of the window replaces all
   * of them, not only the keys it produces again.
   */
  public boolean keyedByWindow() {
    return kind != Kind.LEDGER && keyFields.contains("windowId");
  }

  public boolean inFiles() {
    return kind != Kind.COMPONENT;
  }
}
