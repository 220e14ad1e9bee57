package io.gckpi.pipeline.testing;

import com.google.api.services.bigquery.model.TableReference;
import com.google.api.services.bigquery.model.TableRow;
import io.gckpi.pipeline.bigquery.BigQueryReads;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.apache.beam.sdk.io.gcp.testing.FakeDatasetService;

/**
 * {@link BigQueryReads} over Beam's in-memory BigQuery: the rows {@link FakeDatasetService} holds
 * once the Storage Write API's upserts and deletes are applied by primary key, as a query of the
 * real service returns them. Its tables are static, so every copy a worker deserializes reads the
 * same rows.
 */
public final class FakeBigQueryReads implements BigQueryReads {
  private final FakeDatasetService datasets;

  public FakeBigQueryReads(FakeDatasetService datasets) {
    this.datasets = datasets;
  }

  @Override
  public List<TableRow> rowsWhere(TableReference table, String column, Collection<String> values)
      throws IOException, InterruptedException {
    if (datasets.getTable(table) == null) {
      return List.of();
    }
    Set<String> wanted = new HashSet<>(values);
    List<TableRow> rows = new ArrayList<>();
    for (TableRow row :
        datasets.getAllRows(table.getProjectId(), table.getDatasetId(), table.getTableId())) {
      if (row.get(column) != null && wanted.contains(String.valueOf(row.get(column)))) {
        rows.add(row.clone());
      }
    }
    return rows;
  }
}
