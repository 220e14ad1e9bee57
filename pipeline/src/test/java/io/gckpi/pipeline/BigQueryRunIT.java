package io.gckpi.pipeline;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.greaterThan;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertTrue;

import com.google.api.services.bigquery.model.Table;
import com.google.api.services.bigquery.model.TableFieldSchema;
import com.google.api.services.bigquery.model.TableReference;
import com.google.api.services.bigquery.model.TableRow;
import io.gckpi.genesys.Interval;
import io.gckpi.genesys.testing.EmulatorConfig;
import io.gckpi.genesys.testing.Faults;
import io.gckpi.genesys.testing.GenesysEmulator;
import io.gckpi.genesys.testing.SyntheticDataset;
import io.gckpi.pipeline.bigquery.BigQuerySink;
import io.gckpi.pipeline.tables.TableReader;
import io.gckpi.pipeline.tables.RunTables;
import io.gckpi.pipeline.tables.TableSink;
import io.gckpi.pipeline.testing.DimensionChecks;
import io.gckpi.pipeline.testing.FakeBigQueryReads;
import io.gckpi.pipeline.testing.JobRuns;
import io.gckpi.pipeline.testing.PostgresTestSchema;
import io.gckpi.pipeline.verify.GroundTruthCheck;
import java.sql.Array;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.Statement;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.beam.sdk.io.gcp.testing.FakeBigQueryServices;
import org.apache.beam.sdk.io.gcp.testing.FakeDatasetService;
import org.apache.beam.sdk.io.gcp.testing.FakeJobService;
import org.junit.Before;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;
import org.junit.runner.RunWith;
import org.junit.runners.JUnit4;

/**
 * The BigQuery sink end to end on Beam's in-memory BigQuery ({@link FakeDatasetService}, which
 * applies Storage Write API upserts and deletes by primary key and change sequence number as
 * BigQuery does): an emulator day is exact against the emulator's ground truth, the tables carry
 * their key and partitioning, the views exist, the ledger is read back (a second run reads
 * nothing, {@code --reprocess} reads again and leaves every table as it was, without a key the
 * re-read no longer produces), and a sequence of runs over a conversation that changed in between
 * leaves the same tables, with the same columns, as the PostgreSQL sink does for the same runs.
 */
@RunWith(JUnit4.class)
public class BigQueryRunIT {
  private static final String PROJECT = "gckpi-test";
  private static final String DATASET = "kpis";
  private static final int VOLUME = 400;
  private static final String DATE = "2024-01-15";
  private static final Interval DAY = Interval.parse("2024-01-15T00:00:00Z/2024-01-16T00:00:00Z");
  private static final String WINDOW = "2024-01-15T06:00:00Z/2024-01-15T12:00:00Z";
  private static final List<String> TABLES =
      List.of("interaction_timelines", "kpi_daily_components", "aht_by_skill_hourly_components",
          "malformed_interactions", "filtered_counts", "failed_windows", "extraction_windows",
          "reconciliation", "queues", "wrapup_codes", "skills", "users", "conversations",
          "participants", "sessions", "segments", "session_metrics");
  /** Per run, not per content: which extraction job served a window, when data was available. */
  private static final Set<String> PER_RUN = Set.of("job_id", "data_availability_ms", "updated_at");

  @Rule public final PostgresTestSchema db = PostgresTestSchema.withPrefix("bq_");
  @Rule public final TemporaryFolder folder = new TemporaryFolder();

  private FakeDatasetService datasets;
  private BigQuerySink sink;

  @Before
  public void createDataset() throws Exception {
    FakeDatasetService.setUp();
    datasets = new FakeDatasetService();
    datasets.createDataset(PROJECT, DATASET, "", "", null);
    FakeBigQueryServices services = new FakeBigQueryServices().withDatasetService(datasets)
        .withJobService(new FakeJobService());
    sink = BigQuerySink.of(PROJECT + ":" + DATASET)
        .withTestServices(services, new FakeBigQueryReads(datasets));
  }

  private RunSummary runDay(String... more) {
    List<String> args = new ArrayList<>(List.of("--emulatorVolume=" + VOLUME,
        "--windowSize=PT6H", "--sink=bigquery", "--bigQueryDataset=" + PROJECT + ":" + DATASET,
        "--date=" + DATE));
    args.addAll(List.of(more));
    return KpiPipeline.run(JobRuns.options(args.toArray(new String[0])), sink);
  }

  /** The fake's rows as text, as TableReader gives every sink's rows to checks. */
  private TableReader reader() {
    return table -> {
      try {
        List<Map<String, String>> rows = new ArrayList<>();
        if (datasets.getTable(reference(table)) == null) {
          return rows;
        }
        // The fake keeps a DATE as its days since the epoch; BigQuery shows it as yyyy-MM-dd.
        Set<String> dates = new HashSet<>();
        for (TableFieldSchema field : datasets.getTable(reference(table)).getSchema().getFields()) {
          if ("DATE".equals(field.getType())) {
            dates.add(field.getName());
          }
        }
        for (TableRow row : datasets.getAllRows(PROJECT, DATASET, table)) {
          Map<String, String> text = new LinkedHashMap<>();
          row.forEach((column, value) -> text.put(column,
              dates.contains(column) && String.valueOf(value).matches("-?\\d+")
                  ? java.time.LocalDate.ofEpochDay(Long.parseLong(String.valueOf(value))).toString()
                  : text(value)));
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
  public void emulatorDayIsExactKeyedPartitionedAndTheLedgerIsReadBack() throws Exception {
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
    // A table without rows (no window failed) exists all the same, as in PostgreSQL.
    assertNotNull("failed_windows", datasets.getTable(reference("failed_windows")));
    assertEquals(List.of(), reader().rows("failed_windows"));
    Table view = datasets.getTable(reference("kpi_daily"));
    assertNotNull("kpi_daily view", view.getView());
    assertThat(view.getView().getQuery(),
        containsString("`" + PROJECT + "." + DATASET + ".kpi_daily_components`"));
    assertThat(view.getView().getQuery(), containsString("AS repeat_contact_fcr"));
    assertThat(view.getView().getQuery(),
        containsString("LEFT JOIN `" + PROJECT + "." + DATASET + ".queues` q"));
    DimensionChecks.assertDimensionsAreTheOrg(reader(), dataset);
    Table queues = datasets.getTable(reference("queues"));
    assertEquals(List.of("id"), queues.getTableConstraints().getPrimaryKey().getColumns());
    assertEquals("TIMESTAMP", queues.getSchema().getFields().stream()
        .filter(f -> f.getName().equals("date_modified")).findFirst().orElseThrow().getType());
    for (Map<String, String> window : reader().rows("extraction_windows")) {
      assertEquals(window.toString(), "complete", window.get("status"));
    }
    assertEquals(4, reader().rows("extraction_windows").size());
    Map<String, Set<Map<String, String>>> before = snapshot();

    // The ledger read back: every window is complete, so nothing is read and nothing written.
    RunSummary skipped = runDay();
    assertEquals(skipped.fields().toString(), 0, skipped.exitCode());
    assertEquals(0L, skipped.getLong("windowsRead"));
    assertEquals(before, snapshot());

    // Keys a re-read no longer produces (as when Genesys moves a conversation to another queue
    // between two reads) must not survive it: a re-read replaces its window's whole contribution.
    // (planted in the form the Storage Write API leaves rows in: a copy of one of the window's)
    TableRow moved = datasets.getAllRows(PROJECT, DATASET, "kpi_daily_components").stream()
        .filter(row -> WINDOW.equals(row.get("window_id"))).findFirst().orElseThrow().clone()
        .set("queue_id", "moved-away");
    datasets.insertAll(reference("kpi_daily_components"), List.of(moved), null);
    datasets.insertAll(reference("filtered_counts"), List.of(new TableRow()
        .set("window_id", WINDOW).set("reason", "NO_LONGER_FILTERED").set("count", "3")), null);
    assertEquals(before.get("kpi_daily_components").size() + 1,
        reader().rows("kpi_daily_components").size());

    RunSummary again = runDay("--reprocess");
    assertEquals(again.fields().toString(), 0, again.exitCode());
    assertEquals(4L, again.getLong("windowsRead"));
    Map<String, Set<Map<String, String>>> after = snapshot();
    for (String table : TABLES) {
      assertEquals(table + " changed on a re-run", before.get(table), after.get(table));
      assertEquals(table + " holds duplicates", after.get(table).size(),
          reader().rows(table).size());
    }
    assertTrue(after.get("interaction_timelines").size() > VOLUME / 2);
  }

  /**
   * The same runs into BigQuery and into PostgreSQL at once (each run writes both, so both see
   * exactly the same conversations, whatever the emulator served): a day read while its
   * conversations were still changing (the first fetch of a wrapped-up conversation shows another
   * wrap-up code; some are still open), the day again (nothing read: both ledgers have it
   * complete, and say so alike), then one window re-read with --reprocess once its conversations
   * are final. Every table then holds the same rows in both sinks, under the same columns, and
   * the views have the same columns.
   */
  @Test
  public void runsOverAChangedConversationLeaveTheTablesThePostgresSinkLeaves() throws Exception {
    TableSink both = new BothSinks(sink, new io.gckpi.pipeline.jdbc.JdbcSink(db.settings()));
    List<String> changed;
    try (GenesysEmulator emulator = GenesysEmulator.builder()
        .config(EmulatorConfig.builder().setConversationsPerDay(VOLUME).build())
        .faults(Faults.parse("changing"))
        .port(18411)
        .start()) {
      List<String> api = List.of("--source=genesys", "--apiBaseUrl=" + emulator.baseUrl(),
          "--clientId=" + GenesysEmulator.DEMO_CLIENT_ID,
          "--clientSecret=" + GenesysEmulator.DEMO_CLIENT_SECRET, "--windowSize=PT6H",
          "--output=" + folder.newFolder());
      RunSummary day = run(both, api, "--date=" + DATE);
      assertEquals(day.fields().toString(), 0, day.exitCode());
      assertEquals(4L, day.getLong("windowsRead"));
      Map<String, String> codesBefore = wrapUpCodes(reader());

      long jobs = emulator.stats().jobsSubmitted();
      RunSummary skipped = run(both, api, "--date=" + DATE);
      assertEquals(skipped.fields().toString(), 0, skipped.exitCode());
      assertEquals(0L, skipped.getLong("windowsRead"));
      assertEquals("a run with every window complete extracts nothing", jobs,
          emulator.stats().jobsSubmitted());

      RunSummary reread = run(both, api, "--interval=" + WINDOW, "--reprocess");
      assertEquals(reread.fields().toString(), 0, reread.exitCode());
      assertEquals(1L, reread.getLong("windowsRead"));
      changed = new ArrayList<>();
      for (Map.Entry<String, String> code : wrapUpCodes(reader()).entrySet()) {
        if (!code.getValue().equals(codesBefore.get(code.getKey()))) {
          changed.add(code.getKey());
        }
      }
    }
    assertThat("conversations of the window changed between the runs", changed.size(),
        greaterThan(0));
    Map<String, Set<Map<String, String>>> bigQuery = snapshot();
    Map<String, Set<Map<String, String>>> postgres = postgresSnapshot();
    for (String table : TABLES) {
      assertEquals(table + ": columns", postgresColumns(table), bigQueryColumns(table));
      Set<Map<String, String>> onlyBigQuery = new HashSet<>(bigQuery.get(table));
      onlyBigQuery.removeAll(postgres.get(table));
      Set<Map<String, String>> onlyPostgres = new HashSet<>(postgres.get(table));
      onlyPostgres.removeAll(bigQuery.get(table));
      assertEquals(table + ": rows only in BigQuery " + limit(onlyBigQuery)
          + ", only in PostgreSQL " + limit(onlyPostgres), postgres.get(table), bigQuery.get(table));
      assertEquals(table + " holds duplicates", bigQuery.get(table).size(),
          reader().rows(table).size());
    }
    assertThat(bigQuery.get("interaction_timelines").size(), greaterThan(VOLUME / 2));
    for (String view : List.of("kpi_daily", "aht_by_skill_hourly")) {
      assertEquals(view + ": columns", postgresColumns(view),
          viewColumns(datasets.getTable(reference(view)).getView().getQuery()));
    }
  }

  private static RunSummary run(TableSink sink, List<String> api, String... more) {
    List<String> args = new ArrayList<>(api);
    args.addAll(List.of(more));
    return KpiPipeline.run(JobRuns.options(args.toArray(new String[0])), sink);
  }

  /**
   * Two sinks written by one run: both prepared, both given the run's tables; their ledgers must
   * agree on what is complete, since each recorded the same runs.
   */
  private static final class BothSinks implements TableSink {
    private final TableSink first;
    private final TableSink second;

    BothSinks(TableSink first, TableSink second) {
      this.first = first;
      this.second = second;
    }

    @Override
    public void prepare() throws Exception {
      first.prepare();
      second.prepare();
    }

    @Override
    public Set<String> completeWindowIds(Interval range) throws Exception {
      Set<String> complete = first.completeWindowIds(range);
      assertEquals("the ledgers of " + describe(), second.completeWindowIds(range), complete);
      return complete;
    }

    @Override
    public void write(RunTables tables) {
      first.write(tables);
      second.write(tables);
    }

    @Override
    public String describe() {
      return first.describe() + " and " + second.describe();
    }
  }

  /** conversation id to its wrap-up code, for the conversations of the re-read window. */
  private static Map<String, String> wrapUpCodes(TableReader tables) {
    Map<String, String> codes = new TreeMap<>();
    for (Map<String, String> row : tables.rows("interaction_timelines")) {
      if (WINDOW.equals(row.get("window_id"))) {
        codes.put(row.get("conversation_id"), String.valueOf(row.get("wrap_up_code")));
      }
    }
    return codes;
  }

  private Map<String, Set<Map<String, String>>> snapshot() {
    Map<String, Set<Map<String, String>>> tables = new LinkedHashMap<>();
    for (String table : TABLES) {
      Set<Map<String, String>> rows = new HashSet<>();
      Set<String> instants = timestampColumns(table);
      for (Map<String, String> row : reader().rows(table)) {
        // The fake keeps a TIMESTAMP as microseconds since the epoch; PostgreSQL's side is ISO.
        Map<String, String> text = new LinkedHashMap<>(row);
        for (String column : instants) {
          String value = text.get(column);
          if (value != null && value.matches("-?\\d+")) {
            long micros = Long.parseLong(value);
            text.put(column, java.time.Instant.ofEpochSecond(
                Math.floorDiv(micros, 1_000_000L), Math.floorMod(micros, 1_000_000L) * 1000L)
                .toString());
          }
        }
        rows.add(comparable(text));
      }
      tables.put(table, rows);
    }
    return tables;
  }

  private Set<String> timestampColumns(String table) {
    Set<String> columns = new HashSet<>();
    try {
      if (datasets.getTable(reference(table)) != null) {
        for (TableFieldSchema field :
            datasets.getTable(reference(table)).getSchema().getFields()) {
          if ("TIMESTAMP".equals(field.getType())) {
            columns.add(field.getName());
          }
        }
      }
    } catch (Exception e) {
      throw new IllegalStateException("cannot read the schema of " + table, e);
    }
    return columns;
  }

  /** Row content without per-run bookkeeping; a NULL and an empty array alike are no value. */
  private static Map<String, String> comparable(Map<String, String> row) {
    Map<String, String> stable = new TreeMap<>();
    row.forEach((column, value) -> {
      if (!PER_RUN.contains(column) && value != null && !value.isEmpty()) {
        stable.put(column, value);
      }
    });
    return stable;
  }

  /** PostgreSQL's rows in the fake's text forms: instants in ISO-8601, arrays joined by ';'. */
  private Map<String, Set<Map<String, String>>> postgresSnapshot() throws Exception {
    Map<String, Set<Map<String, String>>> tables = new LinkedHashMap<>();
    try (Connection connection = db.settings().openConnection();
        Statement statement = connection.createStatement()) {
      for (String table : TABLES) {
        Set<Map<String, String>> rows = new HashSet<>();
        try (ResultSet rs = statement.executeQuery("SELECT * FROM " + table)) {
          ResultSetMetaData meta = rs.getMetaData();
          while (rs.next()) {
            Map<String, String> row = new LinkedHashMap<>();
            for (int i = 1; i <= meta.getColumnCount(); i++) {
              Object value = rs.getObject(i);
              if (value instanceof Array array) {
                value = String.join(";", Arrays.stream((Object[]) array.getArray())
                    .map(String::valueOf).toList());
              } else if (value instanceof Timestamp timestamp) {
                value = timestamp.toInstant().toString();
              }
              row.put(meta.getColumnName(i), value == null ? null : value.toString());
            }
            rows.add(comparable(row));
          }
        }
        tables.put(table, rows);
      }
    }
    return tables;
  }

  private Set<String> postgresColumns(String table) throws Exception {
    Set<String> columns = new TreeSet<>();
    for (List<String> row : db.query("SELECT column_name FROM information_schema.columns"
        + " WHERE table_schema = '" + db.schema() + "' AND table_name = '" + table + "'")) {
      columns.add(row.get(0));
    }
    columns.remove("updated_at");
    return columns;
  }

  private Set<String> bigQueryColumns(String table) throws Exception {
    Set<String> columns = new TreeSet<>();
    for (TableFieldSchema field : datasets.getTable(reference(table)).getSchema().getFields()) {
      columns.add(field.getName());
    }
    return columns;
  }

  /** The output columns of a view's SELECT list: each item's alias, else the column itself. */
  static Set<String> viewColumns(String query) {
    String select = query.substring(query.indexOf("SELECT") + 6, query.indexOf("FROM"));
    Set<String> columns = new TreeSet<>();
    int depth = 0;
    StringBuilder item = new StringBuilder();
    for (char c : (select + ",").toCharArray()) {
      depth += c == '(' ? 1 : c == ')' ? -1 : 0;
      if (c == ',' && depth == 0) {
        Matcher alias = Pattern.compile("(?i)\\bAS\\s+(\\w+)\\s*$").matcher(item.toString().trim());
        // Without an alias BigQuery names a column after the last part of its path (c.queue_id).
        columns.add(
            alias.find() ? alias.group(1) : item.toString().trim().replaceAll("^.*\\.", ""));
        item.setLength(0);
      } else {
        item.append(c);
      }
    }
    return columns;
  }

  private static String limit(Set<Map<String, String>> rows) {
    return rows.stream().limit(3).toList() + (rows.size() > 3 ? " and " + (rows.size() - 3)
        + " more" : "");
  }

  private static TableReference reference(String table) {
    return new TableReference().setProjectId(PROJECT).setDatasetId(DATASET).setTableId(table);
  }
}
