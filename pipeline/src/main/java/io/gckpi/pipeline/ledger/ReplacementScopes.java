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
 *   <li>{@value KpiTable#CONVERSATION_ID}: the conversations read ({@link #conversationsRead}):
 *       each replaces its detail rows whole, its {@code conversations} row and its children; one
 *       whose record no longer parses keeps none (it is in malformed_interactions), as its
 *       timeline goes with its window.
 * </ul>
 *
 * <p>Both are known once the read (or the de-duplication of raw input) is done, before the rows
 * they clear are made, so the rows never wait long for their deletes.
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
   * per and the run read through; a field without one (a stream) is left out.
   */
  public static Map<String, PCollection<String>> of(RunTables tables) {
    Map<String, PCollection<String>> scopes = new LinkedHashMap<>();
    for (KpiTable table : tables.all()) {
      table.replacedPer()
          .filter(field -> tables.scopes().containsKey(field))
          .ifPresent(field -> scopes.putIfAbsent(field, tables.scopes().get(field)));
    }
    return scopes;
  }
}
