package io.gckpi.pipeline.bigquery;

import com.google.api.services.bigquery.model.Table;
import com.google.api.services.bigquery.model.TableReference;
import com.google.api.services.bigquery.model.ViewDefinition;
import io.gckpi.genesys.Interval;
import io.gckpi.pipeline.ledger.LedgerLast;
import io.gckpi.pipeline.tables.KpiTable;
import io.gckpi.pipeline.tables.TableSink;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.beam.sdk.io.gcp.bigquery.BigQueryOptions;
import org.apache.beam.sdk.io.gcp.bigquery.BigQueryServices;
import org.apache.beam.sdk.io.gcp.bigquery.BigQueryServicesImpl;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.checkerframework.checker.nullness.qual.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The tables in a BigQuery dataset, with the same names and columns as in PostgreSQL: every
 * table is upserted by its key through the Storage Write API's change data capture
 * ({@link UpsertBigQueryRows}), tables with a report date are partitioned by it, the ledger is
 * written last ({@link LedgerLast}), and the views {@code kpi_daily} and
 * {@code aht_by_skill_hourly} derive the rates from the additive components, as in PostgreSQL.
 *
 * <p>The dataset must exist (its location is a decision this job should not make for you:
 * {@code bq mk --dataset --location=EU PROJECT:DATASET}). This sink does not read the ledger
 * back, so every run extracts its whole interval; the upserts keep that exact, at the price of
 * API calls that a PostgreSQL run would skip.
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

  private final String project;
  private final String dataset;
  private final long sequenceNumber;
  private final @Nullable BigQueryServices testServices;

  /**
   * @param projectAndDataset PROJECT:DATASET
   * @param testServices Beam's fake BigQuery services in tests; null for the real service
   */
  public BigQuerySink(String projectAndDataset, @Nullable BigQueryServices testServices) {
    String[] parts = projectAndDataset.split(":", 2);
    if (parts.length != 2 || parts[0].isEmpty() || parts[1].isEmpty()) {
      throw new IllegalArgumentException(
          "--bigQueryDataset must be PROJECT:DATASET; got " + projectAndDataset);
    }
    this.project = parts[0];
    this.dataset = parts[1];
    this.sequenceNumber = System.currentTimeMillis();
    this.testServices = testServices;
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

  @Override
  public Set<String> completeWindowIds(Interval range) {
    LOG.info("BigQuery sink: every window of {} is extracted; upserts keep re-runs exact", range);
    return Set.of();
  }

  @Override
  public void write(List<KpiTable> tables) {
    LedgerLast.write(
        tables,
        table ->
            table
                .rows()
                .apply(
                    "Upsert " + table.name(),
                    UpsertBigQueryRows.into(
                            project + ":" + dataset + "." + table.name(),
                            table.keyFields(),
                            sequenceNumber)
                        .withTestServices(testServices)));
  }

  @Override
  public String describe() {
    return "BigQuery " + project + ":" + dataset;
  }
}
