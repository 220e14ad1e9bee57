package io.gckpi.pipeline;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.empty;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertTrue;

import com.google.api.services.bigquery.model.Table;
import com.google.api.services.bigquery.model.TableReference;
import com.google.api.services.bigquery.model.TableRow;
import io.gckpi.genesys.Interval;
import io.gckpi.genesys.testing.EmulatorConfig;
import io.gckpi.genesys.testing.SyntheticDataset;
import io.gckpi.pipeline.bigquery.BigQuerySink;
import io.gckpi.pipeline.tables.TableReader;
import io.gckpi.pipeline.testing.JobRuns;
import io.gckpi.pipeline.verify.GroundTruthCheck;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.beam.sdk.io.gcp.testing.FakeBigQueryServices;
import org.apache.beam.sdk.io.gcp.testing.FakeDatasetService;
import org.apache.beam.sdk.io.gcp.testing.FakeJobService;
import org.junit.Before;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.junit.runners.JUnit4;

/**
 * The BigQuery sink end to end on Beam's in-memory BigQuery ({@link FakeDatasetService}, which
 * applies Storage Write API upserts by primary key as BigQuery does): an emulator day is exact
 * against the emulator's ground truth, the tables carry their key and partitioning, the views
 * exist, and a second run of the same day leaves every table exactly as the first left it.
 */
@RunWith(JUnit4.class)
public class BigQueryRunIT {
  private static final String PROJECT = "gckpi-test";
  private static final String DATASET = "kpis";
  private static final int VOLUME = 400;
  private static final Interval DAY = Interval.parse("2024-01-15T00:00:00Z/2024-01-16T00:00:00Z");
  private static final List<String> TABLES =
      List.of("interaction_timelines", "kpi_daily_components", "aht_by_skill_hourly_components",
          "malformed_interactions", "filtered_counts", "extraction_windows", "reconciliation",
          "conversations", "participants", "sessions", "segments", "session_metrics");

  private FakeDatasetService datasets;
  private FakeBigQueryServices services;

  @Before
  public void createDataset() throws Exception {
    FakeDatasetService.setUp();
    datasets = new FakeDatasetService();
    datasets.createDataset(PROJECT, DATASET, "", "", null);
    services = new FakeBigQueryServices().withDatasetService(datasets)
        .withJobService(new FakeJobService());
  }

  private RunSummary runDay() {
    KpiPipelineOptions options =
        JobRuns.options("--emulatorVolume=" + VOLUME, "--windowSize=PT6H", "--sink=bigquery",
            "--bigQueryDataset=" + PROJECT + ":" + DATASET);
    return KpiPipeline.run(options, new BigQuerySink(PROJECT + ":" + DATASET, services));
  }

  /** The fake's rows as text, as TableReader gives every sink's rows to checks. */
  private TableReader reader() {
    return table -> {
      try {
        List<Map<String, String>> rows = new ArrayList<>();
        for (TableRow row : datasets.getAllRows(PROJECT, DATASET, table)) {
          Map<String, String> text = new LinkedHashMap<>();
          row.forEach((column, value) -> text.put(column, text(value)));
          rows.add(text);
        }
        return rows;
      } catch (Exception e) {
        throw new IllegalStateException("cannot read " + table, e);
      }
    };
  }

  private static String text(Object value) {
    if (value instanceof List<?> items) {
      return String.join(";", items.stream().map(String::valueOf).toList());
    }
    return value == null ? null : value.toString();
  }

  @Test
  public void emulatorDayIsExactKeyedPartitionedAndIdempotent() throws Exception {
    // A kpi_daily view an older release left behind is replaced by this release's definition.
    datasets.createTable(new Table().setTableReference(reference("kpi_daily"))
        .setView(new com.google.api.services.bigquery.model.ViewDefinition()
            .setQuery("SELECT 1 AS old").setUseLegacySql(false)));
    RunSummary first = runDay();
    assertEquals(first.fields().toString(), 0, first.exitCode());
    SyntheticDataset dataset =
        SyntheticDataset.generate(EmulatorConfig.builder().setConversationsPerDay(VOLUME).build());
    assertThat(GroundTruthCheck.compare(reader(), dataset, DAY), empty());
    assertThat(GroundTruthCheck.compareDetailRecords(reader(), dataset, DAY), empty());
    FilesRunIT.assertDetailRowsCounted(first, reader());
    assertEquals(List.of("session_id", "ordinal"),
        datasets.getTable(reference("segments")).getTableConstraints().getPrimaryKey()
            .getColumns());
    assertEquals("TIMESTAMP", datasets.getTable(reference("segments")).getSchema().getFields()
        .stream().filter(f -> f.getName().equals("segment_start")).findFirst().orElseThrow()
        .getType());
    assertEquals(first.getLong("written"), reader().rows("interaction_timelines").size());
    // Every conversation read has one row: read = timeline rows + malformed rows.
    assertEquals(first.getLong("read"), reader().rows("interaction_timelines").size()
        + reader().rows("malformed_interactions").size());
    assertEquals(first.getLong("filtered"), reader().rows("interaction_timelines").stream()
        .filter(r -> r.get("excluded_reason") != null && !r.get("excluded_reason").isEmpty())
        .count());

    Table timelines = datasets.getTable(reference("interaction_timelines"));
    assertEquals("report_date", timelines.getTimePartitioning().getField());
    assertEquals(List.of("conversation_id"),
        timelines.getTableConstraints().getPrimaryKey().getColumns());
    assertEquals("DATE", timelines.getSchema().getFields().stream()
        .filter(f -> f.getName().equals("report_date")).findFirst().orElseThrow().getType());
    Table view = datasets.getTable(reference("kpi_daily"));
    assertNotNull("kpi_daily view", view.getView());
    assertThat(view.getView().getQuery(),
        containsString("`" + PROJECT + "." + DATASET + ".kpi_daily_components`"));
    assertThat(view.getView().getQuery(), containsString("AS repeat_contact_fcr"));
    for (Map<String, String> window : reader().rows("extraction_windows")) {
      assertEquals(window.toString(), "complete", window.get("status"));
    }
    assertEquals(4, reader().rows("extraction_windows").size());

    Map<String, Set<Map<String, String>>> before = snapshot();
    RunSummary second = runDay();
    assertEquals(second.fields().toString(), 0, second.exitCode());
    Map<String, Set<Map<String, String>>> after = snapshot();
    for (String table : TABLES) {
      assertEquals(table + " changed on a re-run", before.get(table), after.get(table));
      assertEquals(table + " holds duplicates", after.get(table).size(),
          reader().rows(table).size());
    }
    assertTrue(after.get("interaction_timelines").size() > VOLUME / 2);
  }

  private Map<String, Set<Map<String, String>>> snapshot() {
    Map<String, Set<Map<String, String>>> tables = new LinkedHashMap<>();
    for (String table : TABLES) {
      Set<Map<String, String>> rows = new HashSet<>();
      for (Map<String, String> row : reader().rows(table)) {
        Map<String, String> stable = new LinkedHashMap<>(row);
        // which extraction job served a window, and when data was available, differ per run
        stable.remove("job_id");
        stable.remove("data_availability_ms");
        rows.add(stable);
      }
      tables.put(table, rows);
    }
    return tables;
  }

  private static TableReference reference(String table) {
    return new TableReference().setProjectId(PROJECT).setDatasetId(DATASET).setTableId(table);
  }
}
