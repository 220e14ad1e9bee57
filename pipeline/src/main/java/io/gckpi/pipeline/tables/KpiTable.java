package io.gckpi.pipeline.tables;

import java.util.List;
import java.util.Optional;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.schemas.Schema;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.Row;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * One output table of a run: its name (the same in PostgreSQL, BigQuery and as a CSV file), its
 * rows with camelCase field names (columns are their snake_case), the key an upsert matches on,
 * and the scope a re-read replaces. Sinks handle tables generically, so a table is declared once
 * and lands the same everywhere.
 *
 * <p>Its {@link #kind()} says who writes it where: databases store facts, components and the
 * ledger and derive reports in views; the files sink writes facts, reports and the ledger. Its
 * {@link #replacedPer()} is the field whose value a re-read replaces whole, when upserting the keys
 * it produces again is not enough: every row of the table with one of the values this run read
 * through is deleted before the run's rows are upserted ({@code ledger.ReplacementScopes} says
 * which values those are). {@value #WINDOW_ID} for per-window tables (a conversation that moved to
 * another queue leaves no old component behind), {@value #CONVERSATION_ID} for a conversation's
 * child rows (Genesys may drop or reorder segments when it reprocesses one); empty when the upsert
 * by key is the whole story.
 *
 * <p>A table's rows are a collection of their own, or one table of a {@link TableStream}: then
 * {@link #rows()} splits the stream (once for all its tables), and a sink that can write the
 * stream whole asks {@link #stream()} instead.
 */
public final class KpiTable {
  public static final String WINDOW_ID = "windowId";
  public static final String CONVERSATION_ID = "conversationId";

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

  private final String name;
  private final @Nullable PCollection<Row> rows;
  private final @Nullable TableStream stream;
  private final Schema schema;
  private final List<String> keyFields;
  private final Kind kind;
  private final Optional<String> replacedPer;

  private KpiTable(
      String name,
      @Nullable PCollection<Row> rows,
      @Nullable TableStream stream,
      Schema schema,
      List<String> keyFields,
      Kind kind,
      Optional<String> replacedPer) {
    if (replacedPer.isPresent() && schema != null && !schema.hasField(replacedPer.get())) {
      throw new IllegalArgumentException(
          name + " is replaced per " + replacedPer.get() + ", which is not one of its fields: "
              + schema);
    }
    this.name = name;
    this.rows = rows;
    this.stream = stream;
    this.schema = schema;
    this.keyFields = List.copyOf(keyFields);
    this.kind = kind;
    this.replacedPer = replacedPer;
  }

  public KpiTable(
      String name,
      PCollection<Row> rows,
      List<String> keyFields,
      Kind kind,
      Optional<String> replacedPer) {
    this(name, rows, null, rows.hasSchema() ? rows.getSchema() : null, keyFields, kind,
        replacedPer);
  }

  /**
   * A table replaced per extraction window when its key holds the window id (and it is not the
   * ledger, which records windows rather than belonging to one), else by key alone.
   */
  public KpiTable(String name, PCollection<Row> rows, List<String> keyFields, Kind kind) {
    this(name, rows, keyFields, kind, byWindow(keyFields, kind));
  }

  /** The table {@code stream.tables().get(index)} of {@code stream}. */
  public static KpiTable inStream(
      TableStream stream, int index, List<String> keyFields, Kind kind) {
    return new KpiTable(stream.tables().get(index), null, stream, stream.schema(index), keyFields,
        kind, byWindow(keyFields, kind));
  }

  private static Optional<String> byWindow(List<String> keyFields, Kind kind) {
    return kind != Kind.LEDGER && keyFields.contains(WINDOW_ID)
        ? Optional.of(WINDOW_ID) : Optional.empty();
  }

  /** This table, replaced per {@code field} on a re-read. */
  public KpiTable withReplacedPer(String field) {
    return new KpiTable(name, rows, stream, schema, keyFields, kind, Optional.of(field));
  }

  public String name() {
    return name;
  }

  /** The table's rows: its own collection, or its part of the stream it belongs to. */
  public PCollection<Row> rows() {
    return rows != null ? rows : stream.rowsOf(stream.tables().indexOf(name));
  }

  /** The pipeline the table's rows are made in. */
  public Pipeline pipeline() {
    return rows != null ? rows.getPipeline() : stream.rows().getPipeline();
  }

  /** The stream the table's rows travel in, if they do. */
  public Optional<TableStream> stream() {
    return Optional.ofNullable(stream);
  }

  public Schema schema() {
    return schema;
  }

  public List<String> keyFields() {
    return keyFields;
  }

  public Kind kind() {
    return kind;
  }

  public Optional<String> replacedPer() {
    return replacedPer;
  }

  public boolean inDatabase() {
    return kind != Kind.REPORT;
  }

  /**
   * Rows that belong to one extraction window: a re-read of the window replaces all of them, not
   * only the keys it produces again.
   */
  public boolean keyedByWindow() {
    return replacedPer.filter(WINDOW_ID::equals).isPresent();
  }

  public boolean inFiles() {
    return kind != Kind.COMPONENT;
  }
}
