package io.gckpi.pipeline.bigquery;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;

import com.google.api.services.bigquery.model.QueryResponse;
import com.google.api.services.bigquery.model.TableRow;
import java.util.List;
import org.apache.beam.sdk.extensions.gcp.util.Transport;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.junit.runners.JUnit4;

/**
 * A query result as the BigQuery REST API documents it ({@code jobs.query}: a schema and rows of
 * {@code f} cells with a {@code v} each; REPEATED cells a list of {@code {"v": ...}}; NULL a JSON
 * null; TIMESTAMP seconds since the epoch as text) becomes rows keyed by column name, the form
 * the Storage Write API takes back for a delete.
 */
@RunWith(JUnit4.class)
public class QueryReadsTest {
  private static final String RESPONSE = """
      {"kind": "bigquery#queryResponse", "jobComplete": true, "totalRows": "1",
       "jobReference": {"projectId": "p", "jobId": "j1", "location": "EU"},
       "schema": {"fields": [
         {"name": "window_id", "type": "STRING", "mode": "REQUIRED"},
         {"name": "report_date", "type": "DATE", "mode": "REQUIRED"},
         {"name": "offered", "type": "INTEGER", "mode": "REQUIRED"},
         {"name": "queue_name", "type": "STRING", "mode": "NULLABLE"},
         {"name": "skill_ids", "type": "STRING", "mode": "REPEATED"},
         {"name": "seen_at", "type": "TIMESTAMP", "mode": "NULLABLE"}]},
       "rows": [{"f": [
         {"v": "2024-01-15T06:00:00Z/2024-01-15T12:00:00Z"},
         {"v": "2024-01-15"},
         {"v": "7"},
         {"v": null},
         {"v": [{"v": "s1"}, {"v": "s2"}]},
         {"v": "1.705302E9"}]}]}
      """;

  @Test
  public void resultCellsBecomeNamedColumns() throws Exception {
    QueryResponse response = Transport.getJsonFactory().fromString(RESPONSE, QueryResponse.class);
    TableRow row = QueryReads.named(response.getSchema(), response.getRows().get(0));
    assertEquals("2024-01-15T06:00:00Z/2024-01-15T12:00:00Z", row.get("window_id"));
    assertEquals("2024-01-15", row.get("report_date"));
    assertEquals("7", row.get("offered"));
    assertFalse("a NULL cell is left out", row.containsKey("queue_name"));
    assertEquals(List.of("s1", "s2"), row.get("skill_ids"));
    assertEquals("2024-01-15T07:00:00Z", row.get("seen_at"));
  }
}
