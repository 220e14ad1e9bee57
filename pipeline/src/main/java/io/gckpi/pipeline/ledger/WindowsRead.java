package io.gckpi.pipeline.ledger;

import io.gckpi.pipeline.tables.KpiTable;
import java.util.List;
import org.apache.beam.sdk.transforms.Filter;
import org.apache.beam.sdk.transforms.MapElements;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.TypeDescriptors;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * The windows a run read through (complete, or complete but due for reprocessing), from its
 * ledger rows: the windows whose earlier per-window rows a database sink replaces. A failed
 * window keeps its old rows, as nothing new replaces them.
 */
public final class WindowsRead {
  private WindowsRead() {}

  /** The ids of the windows read, or null when the run keeps no ledger (streaming). */
  public static @Nullable PCollection<String> of(List<KpiTable> tables) {
    for (KpiTable table : tables) {
      if (table.kind() == KpiTable.Kind.LEDGER) {
        return table
            .rows()
            .apply("WindowsRead",
                Filter.by(row -> !LedgerEntry.FAILED.equals(row.getString("status"))))
            .apply("WindowIds",
                MapElements.into(TypeDescriptors.strings()).via(row -> row.getString("windowId")));
      }
    }
    return null;
  }
}
