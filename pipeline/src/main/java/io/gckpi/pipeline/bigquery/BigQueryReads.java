package io.gckpi.pipeline.bigquery;

import com.google.api.services.bigquery.model.TableReference;
import com.google.api.services.bigquery.model.TableRow;
import java.io.IOException;
import java.io.Serializable;
import java.util.Collection;
import java.util.List;

/**
 * What the BigQuery sink reads back from its own tables, and nothing more: the rows of a table
 * whose column holds one of some values. The launcher reads the ledger through it
 * ({@code extraction_windows} where {@code status} is complete), and a run reads through it the
 * rows that earlier runs wrote in the scopes it replaces (a re-read window's rows), to delete
 * those it does not write again.
 *
 * <p>A seam, as Beam's own {@code BigQueryServices} is for its reads and writes: production uses
 * {@link QueryReads} (a parameterised query through the BigQuery API), tests an implementation
 * over Beam's in-memory {@code FakeDatasetService}, which holds the rows the pipeline's Storage
 * Write API upserts and deletes left. Serializable, because the pipeline's workers use it too.
 */
public interface BigQueryReads extends Serializable {
  /**
   * Every row of {@code table} whose STRING column {@code column} holds one of {@code values},
   * with all of its columns, keyed by column name as the Storage Write API takes them back
   * (INT64 and DATE values as their text, REPEATED columns as lists, NULL columns absent); empty
   * when the table does not exist yet (no run has written it).
   */
  List<TableRow> rowsWhere(TableReference table, String column, Collection<String> values)
      throws IOException, InterruptedException;
}
