package io.gckpi.pipeline.bigquery;

import com.google.api.services.bigquery.model.Table;
import com.google.api.services.bigquery.model.TableReference;
import com.google.api.services.bigquery.model.TableRow;
import com.google.api.services.bigquery.model.ViewDefinition;
import io.gckpi.genesys.Interval;
import io.gckpi.pipeline.ledger.LedgerLast;
import io.gckpi.pipeline.ledger.ReplacementScopes;
import io.gckpi.pipeline.ledger.WindowLedger;
import io.gckpi.pipeline.tables.KpiTable;
import io.gckpi.pipeline.tables.RunTables;
import io.gckpi.pipeline.tables.SqlNames;
import io.gckpi.pipeline.tables.TableSink;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.apache.beam.sdk.io.gcp.bigquery.BigQueryOptions;
import org.apache.beam.sdk.io.gcp.bigquery.BigQueryServices;
import org.apache.beam.sdk.io.gcp.bigquery.BigQueryServicesImpl;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.apache.beam.sdk.values.PCollection;
import org.checkerframework.checker.nullness.qual.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The tables in a BigQuery dataset, with the same names and columns as in PostgreSQL, and the
 * same guarantees: every table is upserted by its key through the Storage Write API's change data
 * capture ({@link UpsertBigQueryRows}); a table whose rows belong to an extraction window (keyed
 * by {@code windowId}) has the rows earlier runs wrote in each window this run read again
 * deleted, unless the re-read produced their key again, so a key a re-read no longer produces
 * (Genesys moved a conversation to another queue or day) does not count twice; the ledger is
 * written last ({@link LedgerLast}) and read back at launch, so a run skips the windows it has
 * complete unless {@code --reprocess} is given or they lie inside the trailing horizon. The views
 * {@code kpi_daily} and {@code aht_by_skill_hourly} derive the rates from the additive
 * components, as in PostgreSQL; {@code filtered_counts} holds the same counts as there.
 *
 * <p>Reading back goes through {@link BigQueryReads}: a query of {@code extraction_windows} at
 * launch, and one query per replaced table (per {@value ReadScopeRows#BATCH} scope values) in the
 * run. Beam's BigQueryIO does the writes, on {@code BigQueryServices}; tests give both seams
 * Beam's in-memory BigQuery.
 *
 * <p>The dataset must exist (its location is a decision this job should not make for you:
 * {@code bq mk --dataset --location=EU PROJECT:DATASET}).
 */
public final class BigQuerySink implements TableSink {
  private static final Logger LOG = LoggerFactory.getLogger(BigQuerySink.class);

  /**
   * The views, in BigQuery standard SQL; {@code %s} is the dataset as project.dataset. As in
   * PostgreSQL, the queue's and the skill's names come from the dimension tables, beside the ids.
   */
  static final Map<String, String> VIEWS =
      Map.of(
          "kpi_daily",
          """
          SELECT c.report_date, c.queue_id, q.name AS queue_name, c.media_type,
            SUM(c.handled) AS interaction_volume,
            SAFE_DIVIDE(SUM(c.sum_weighted_handle_ms), SUM(c.handled)) / 1000
              AS weighted_effective_handle_time,
            SUM(c.sla_breaches) AS sla_breaches_120s,
            SAFE_DIVIDE(SUM(c.sum_queue_wait_ms), SUM(c.offered)) / 1000 AS avg_queue_wait,
            SAFE_DIVIDE(SUM(c.fcr_count), SUM(c.handled)) AS first_contact_resolution_rate,
            SUM(c.offered) AS offered,
            SUM(c.answered) AS answered,
            SUM(c.abandoned) AS abandoned,
            SAFE_DIVIDE(SUM(c.abandoned), SUM(c.offered)) AS abandon_rate,
            SAFE_DIVIDE(SUM(c.answered_within_sla), SUM(c.offered)) AS service_level,
            SAFE_DIVIDE(SUM(c.sum_handle_ms), SUM(c.handled)) / 1000 AS aht,
            SUM(c.transfers) AS transfers,
            SUM(c.system_latency_ms) AS system_latency_ms,
            SUM(c.repeat_contact_fcr_count) AS repeat_contact_fcr
          FROM `%1$s.kpi_daily_components` c
          LEFT JOIN `%1$s.queues` q ON q.id = c.queue_id
          GROUP BY c.report_date, c.queue_id, q.name, c.media_type
          """,
          "aht_by_skill_hourly",
          """
          SELECT TIMESTAMP_MILLIS(c.hour_start_ms) AS hour_start, c.skill_id,
            s.name AS skill_name,
            SUM(c.handled_count) AS conversation_count,
            SAFE_DIVIDE(SUM(c.sum_handle_ms), SUM(c.handled_count)) / 1000 AS avg_handle_time
          FROM `%1$s.aht_by_skill_hourly_components` c
          LEFT JOIN `%1$s.skills` s ON s.id = c.skill_id
          GROUP BY c.hour_start_ms, c.skill_id, s.name
          """);

  private static final String LEDGER = "extraction_windows";

  private final String project;
  private final String dataset;
  private final @Nullable BigQueryServices testServices;
  private final BigQueryReads reads;

  private BigQuerySink(
      String project, String dataset, @Nullable BigQueryServices testServices,
      BigQueryReads reads) {
    this.project = project;
    this.dataset = dataset;
    this.testServices = testServices;
    this.reads = reads;
  }

  /** The dataset {@code PROJECT:DATASET} on the BigQuery service, with queries billed to PROJECT. */
  public static BigQuerySink of(String projectAndDataset) {
    String[] parts = projectAndDataset.split(":", 2);
    if (parts.length != 2 || parts[0].isEmpty() || parts[1].isEmpty()) {
      throw new IllegalArgumentException(
          "--bigQueryDataset must be PROJECT:DATASET; got " + projectAndDataset);
    }
    return new BigQuerySink(parts[0], parts[1], null, new QueryReads(parts[0]));
  }

  /** The same dataset on other services: Beam's in-memory BigQuery in tests. */
  public BigQuerySink withTestServices(BigQueryServices services, BigQueryReads testReads) {
    return new BigQuerySink(project, dataset, services, testReads);
  }

  @Override
  public void prepare() throws IOException, InterruptedException {
    try (BigQueryServices.DatasetService service = datasetService()) {
      if (service.getDataset(project, dataset) == null) {
        throw new IllegalArgumentException(
            "BigQuery dataset " + project + ":" + dataset + " does not exist; create it in the"
                + " location you want, e.g. bq mk --dataset --location=EU " + project + ":"
                + dataset);
      }
      for (Map.Entry<String, String> view : VIEWS.entrySet()) {
        TableReference ref = reference(view.getKey());
        String query = String.format(view.getValue(), project + "." + dataset);
        Table existing = service.getTable(ref);
        if (existing != null && existing.getView() != null
            && query.equals(existing.getView().getQuery())) {
          continue;
        }
        // A view is replaced whole when this release defines it differently (as a PostgreSQL
        // migration replaces it), so an upgraded job never reads through an old definition.
        if (existing != null) {
          service.deleteTable(ref);
        }
        service.createTable(
            new Table()
                .setTableReference(ref)
                .setView(new ViewDefinition().setQuery(query).setUseLegacySql(false)));
        LOG.info("{} view {}", existing == null ? "Created" : "Replaced", view.getKey());
      }
    } catch (IOException | InterruptedException | RuntimeException e) {
      throw e;
    } catch (Exception e) {
      throw new IOException("cannot prepare BigQuery dataset " + project + ":" + dataset, e);
    }
  }

  private BigQueryServices.DatasetService datasetService() {
    BigQueryOptions options = PipelineOptionsFactory.create().as(BigQueryOptions.class);
    options.setProject(project);
    BigQueryServices services = testServices != null ? testServices : new BigQueryServicesImpl();
    return services.getDatasetService(options);
  }

  private TableReference reference(String table) {
    return new TableReference().setProjectId(project).setDatasetId(dataset).setTableId(table);
  }

  /**
   * The windows of {@code range} the ledger has complete, as {@code WindowLedger} reads them in
   * PostgreSQL: one query of {@code extraction_windows} (one row per window ever read, so a few
   * thousand rows a year of hourly windows), none when no run has written it yet.
   */
  @Override
  public Set<String> completeWindowIds(Interval range) throws IOException, InterruptedException {
    Set<String> ids = new HashSet<>();
    for (TableRow row : reads.rowsWhere(reference(LEDGER), "status",
        List.of(WindowLedger.COMPLETE))) {
      String id = String.valueOf(row.get("window_id"));
      Interval window = Interval.parse(id);
      if (!window.start().isBefore(range.start()) && !window.end().isAfter(range.end())) {
        ids.add(id);
      }
    }
    LOG.info("The ledger in {} has {} complete windows in {}", describe(), ids.size(), range);
    return ids;
  }

  @Override
  public void write(RunTables tables) {
    createMissingTables(tables.all());
    // The run's start, from which its change sequence numbers derive: taken per run, so that a
    // sink that writes several runs (as tests do) still numbers each later run's changes higher.
    long sequenceNumber = System.currentTimeMillis();
    Map<String, PCollection<String>> scopesRead = ReplacementScopes.of(tables);
    LedgerLast.write(
        tables.all(),
        table -> {
          UpsertBigQueryRows upsert =
              UpsertBigQueryRows.into(
                      project + ":" + dataset + "." + table.name(),
                      table.keyFields(),
                      sequenceNumber)
                  .withTestServices(testServices);
          Optional<String> scope = table.replacedPer();
          PCollection<String> valuesRead = scope.map(scopesRead::get).orElse(null);
          if (valuesRead != null) {
            upsert = upsert.replacing(
                valuesRead.apply(
                    "ReadReplaced " + table.name(),
                    ReadScopeRows.of(
                        reference(table.name()), SqlNames.column(scope.get()), reads)));
          }
          return table.rows().apply("Upsert " + table.name(), upsert);
        });
  }

  /**
   * Creates, at launch, every table of the run that the dataset lacks, with its key and
   * partitioning ({@link BigQueryRows#table}), as PostgreSQL's migrations do: a table exists
   * from the first run on, even while it has no row (a day without failed windows), so queries
   * and the views never meet a missing table.
   *
   * @throws UncheckedIOException when BigQuery cannot be reached or refuses
   */
  private void createMissingTables(List<KpiTable> tables) {
    try (BigQueryServices.DatasetService service = datasetService()) {
      for (KpiTable table : tables) {
        if (!table.inDatabase()) {
          continue;
        }
        TableReference ref = reference(table.name());
        if (service.getTable(ref) == null) {
          service.createTable(
              BigQueryRows.table(ref, table.schema(), table.keyFields()));
          LOG.info("Created table {}", table.name());
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create the tables of " + describe(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted creating the tables of " + describe(), e);
    } catch (Exception e) {
      throw new UncheckedIOException(
          "cannot create the tables of " + describe(), new IOException(e));
    }
  }

  @Override
  public String describe() {
    return "BigQuery " + project + ":" + dataset;
  }
}
