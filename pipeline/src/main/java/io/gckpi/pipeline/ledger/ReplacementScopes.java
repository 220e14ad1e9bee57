package io.gckpi.pipeline.ledger;

import io.gckpi.genesys.RawConversation;
import io.gckpi.genesys.WindowManifest;
import io.gckpi.pipeline.tables.KpiTable;
import io.gckpi.pipeline.tables.RunTables;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.beam.sdk.transforms.Filter;
import org.apache.beam.sdk.transforms.MapElements;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.Row;
import org.apache.beam.sdk.values.TypeDescriptors;

/**
 * Which values of each {@link KpiTable#replacedPer()} field a run read through, so that a sink
 * can delete those rows before it upserts the run's own (the ledger package holds it because the
 * windows read are the ledger's): the replaced scope must come from what was read, not from the
 * rows a table ends up with, or a window that now yields no component, or a conversation that
 * lost a whole session, would keep its old rows.
 *
 * <ul>
 *   <li>{@value KpiTable#WINDOW_ID}: the windows the read finished ({@link #windowsRead}, its
 *       manifests; a failed window keeps its old rows until a run reads it). Runs without a
 *       ledger (streaming, or {@code --source=raw}) replace no window.
 *   <li>{@value KpiTable#CONVERSATION_ID}: the conversations the API read ({@link
 *       #conversationsRead}): each replaces its detail rows whole, its {@code conversations} row
 *       and its children; one whose record no longer parses keeps none (it is in
 *       malformed_interactions), as its timeline goes with its window. A run over staged or
 *       exported records takes the ids in its {@code conversations} table instead (those that
 *       parse), when a sink asks.
 * </ul>
 *
 * <p>The API's scopes are known once the read is done, before the staged records are read back
 * to make the rows they clear, so the rows never wait long for their deletes. Raw input has no
 * such earlier point: its de-duplicated records feed the rows themselves, and a runner that
 * pipelines steps (Flink's batch) would then stall with the rows waiting on deletes that wait on
 * the records the rows hold up; the {@code conversations} table is a point the runner plans a
 * break for, as it did before.
 */
public final class ReplacementScopes {
  private ReplacementScopes() {}

  /** The windows the read finished, from its manifests: the window scope of a run. */
  public static PCollection<String> windowsRead(PCollection<WindowManifest> manifests) {
    return manifests.apply(
        "WindowsRead",
        MapElements.into(TypeDescriptors.strings()).via(WindowManifest::getWindowId));
  }

  /** The ids of the records read (those without one replace nothing): the conversation scope. */
  public static PCollection<String> conversationsRead(PCollection<RawConversation> records) {
    return records
        .apply("ConversationsRead",
            MapElements.into(TypeDescriptors.strings()).via(RawConversation::getConversationId))
        .apply("WithAnId", Filter.by(id -> !id.isEmpty()));
  }

  /**
   * The values read per replacement field, for every field a table of {@code tables} is replaced
   * per and the run has a source for; a field without one (a stream's) is left out. A scope the
   * run did not declare ({@link RunTables#scopes()}) is taken from its parent table here, when a
   * sink asks, so that a sink that replaces nothing never makes it.
   */
  public static Map<String, PCollection<String>> of(RunTables tables) {
    Map<String, PCollection<String>> scopes = new LinkedHashMap<>();
    for (KpiTable table : tables.all()) {
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

  /** The table listing every value read of a scope field other than the window id. */
  private static final Map<String, String> PARENTS =
      Map.of(KpiTable.CONVERSATION_ID, "conversations");

  private static PCollection<String> valuesRead(RunTables tables, String field) {
    if (tables.scopes().containsKey(field)) {
      return tables.scopes().get(field);
    }
    String parent = PARENTS.get(field);
    PCollection<Row> parentRows =
        parent == null ? null : tables.named(parent).map(KpiTable::rows).orElse(null);
    if (parentRows == null || parentRows.isBounded() == PCollection.IsBounded.UNBOUNDED) {
      return null; // a stream keeps no scope: no point at which its deletes are done
    }
    return parentRows.apply("Read " + field,
        MapElements.into(TypeDescriptors.strings()).via(row -> row.getString(field)));
  }
}
