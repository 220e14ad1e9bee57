package io.gckpi.pipeline.ledger;

import io.gckpi.pipeline.tables.KpiTable;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.beam.sdk.transforms.Filter;
import org.apache.beam.sdk.transforms.MapElements;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.TypeDescriptors;

/**
 * Which values of each {@link KpiTable#replacedPer()} field a run read through, so that a sink
 * can delete those rows before it upserts the run's own (the ledger package holds it because the
 * windows read are the ledger's): the replaced scope must come from what
 * was read, not from the rows a table ends up with, or a window that now yields no component,
 * or a conversation that lost a whole session, would keep its old rows.
 *
 * <ul>
 *   <li>{@value KpiTable#WINDOW_ID}: the windows in the ledger rows that did not fail (a failed
 *       window keeps its old rows until a run reads it). Runs without a ledger (streaming, or
 *       {@code --source=raw}) replace no window.
 *   <li>{@value KpiTable#CONVERSATION_ID}: the ids in {@code conversations}, which has a row for
 *       every conversation read (those the timeline rules hold malformed too, unlike
 *       interaction_timelines): each conversation read replaces all of its child rows.
 * </ul>
 */
public final class ReplacementScopes {
  /** The table listing every value read of a scope field other than the window id. */
  static final Map<String, String> PARENTS = Map.of(KpiTable.CONVERSATION_ID, "conversations");

  private ReplacementScopes() {}

  /**
   * The values read per replacement field, for every field a table of {@code tables} is replaced
   * per and the run has a source for; a field without one is left out.
   */
  public static Map<String, PCollection<String>> of(List<KpiTable> tables) {
    Map<String, PCollection<String>> scopes = new LinkedHashMap<>();
    for (KpiTable table : tables) {
      table.replacedPer().ifPresent(field -> {
        if (!scopes.containsKey(field)) {
          PCollection<String> read = valuesRead(tables, field);
          if (read != null) {
            scopes.put(field, read);
          }
        }
      });
    }
    return scopes;
  }

  private static PCollection<String> valuesRead(List<KpiTable> tables, String field) {
    for (KpiTable table : tables) {
      if (field.equals(KpiTable.WINDOW_ID) && table.kind() == KpiTable.Kind.LEDGER) {
        return table
            .rows()
            .apply("WindowsRead",
                Filter.by(row -> !LedgerEntry.FAILED.equals(row.getString("status"))))
            .apply("WindowIds",
                MapElements.into(TypeDescriptors.strings())
                    .via(row -> row.getString(KpiTable.WINDOW_ID)));
      }
      if (table.name().equals(PARENTS.get(field))) {
        return table
            .rows()
            .apply("Read " + field,
                MapElements.into(TypeDescriptors.strings()).via(row -> row.getString(field)));
      }
    }
    return null;
  }
}
