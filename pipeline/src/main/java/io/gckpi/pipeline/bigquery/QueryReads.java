package io.gckpi.pipeline.bigquery;

import com.google.api.client.googleapis.json.GoogleJsonResponseException;
import com.google.api.client.http.HttpRequestInitializer;
import com.google.api.client.util.Data;
import com.google.api.services.bigquery.Bigquery;
import com.google.api.services.bigquery.model.ErrorProto;
import com.google.api.services.bigquery.model.GetQueryResultsResponse;
import com.google.api.services.bigquery.model.QueryParameter;
import com.google.api.services.bigquery.model.QueryParameterType;
import com.google.api.services.bigquery.model.QueryParameterValue;
import com.google.api.services.bigquery.model.QueryRequest;
import com.google.api.services.bigquery.model.QueryResponse;
import com.google.api.services.bigquery.model.TableCell;
import com.google.api.services.bigquery.model.TableFieldSchema;
import com.google.api.services.bigquery.model.TableReference;
import com.google.api.services.bigquery.model.TableRow;
import com.google.api.services.bigquery.model.TableSchema;
import com.google.auth.Credentials;
import com.google.auth.http.HttpCredentialsAdapter;
import java.io.IOException;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import org.apache.beam.sdk.extensions.gcp.options.GcpOptions;
import org.apache.beam.sdk.extensions.gcp.util.Transport;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * {@link BigQueryReads} through the BigQuery API: one parameterised GoogleSQL query,
 * {@code SELECT * FROM `project.dataset.table` WHERE column IN UNNEST(@values)}, run with
 * {@code jobs.query} and paged with {@code jobs.getQueryResults}; credentials are Application
 * Default Credentials, as for Beam's BigQueryIO.
 *
 * <p>A query rather than {@code tabledata.list}: the tables take Storage Write API change data
 * capture, whose upserts and deletes a query applies at read time (the tables keep the default
 * {@code max_staleness} of zero), so a query sees exactly what the last run left; a listing of the
 * stored rows need not. It is billed as any query: the columns of the rows it scans, at least 10
 * MB per table read (on-demand pricing).
 */
public final class QueryReads implements BigQueryReads {
  private static final long TIMEOUT_MS = 60_000;

  private final String billingProject;
  private transient @Nullable Bigquery client;

  /** @param billingProject the project the queries run (and are billed) in */
  public QueryReads(String billingProject) {
    this.billingProject = billingProject;
  }

  @Override
  public List<TableRow> rowsWhere(TableReference table, String column, Collection<String> values)
      throws IOException {
    if (!column.matches("[a-z_][a-z0-9_]*")) {
      throw new IllegalArgumentException("not a column name: " + column);
    }
    if (values.isEmpty() || !exists(table)) {
      return List.of();
    }
    String sql = "SELECT * FROM `" + table.getProjectId() + "." + table.getDatasetId() + "."
        + table.getTableId() + "` WHERE " + column + " IN UNNEST(@vals)";
    List<QueryParameterValue> items = new ArrayList<>();
    values.forEach(value -> items.add(new QueryParameterValue().setValue(value)));
    QueryRequest request = new QueryRequest()
        .setQuery(sql)
        .setUseLegacySql(false)
        .setParameterMode("NAMED")
        .setQueryParameters(List.of(new QueryParameter()
            .setName("vals")
            .setParameterType(new QueryParameterType().setType("ARRAY")
                .setArrayType(new QueryParameterType().setType("STRING")))
            .setParameterValue(new QueryParameterValue().setArrayValues(items))))
        .setTimeoutMs(TIMEOUT_MS);
    QueryResponse first = client().jobs().query(billingProject, request).execute();
    failOnErrors(sql, first.getErrors());
    String jobId = first.getJobReference().getJobId();
    String location = first.getJobReference().getLocation();
    boolean complete = Boolean.TRUE.equals(first.getJobComplete());
    TableSchema schema = first.getSchema();
    List<TableRow> page = first.getRows();
    String token = first.getPageToken();
    List<TableRow> rows = new ArrayList<>();
    while (true) {
      if (complete) {
        if (page != null) {
          for (TableRow row : page) {
            rows.add(named(schema, row));
          }
        }
        if (token == null) {
          return rows;
        }
      }
      GetQueryResultsResponse next = client().jobs().getQueryResults(billingProject, jobId)
          .setLocation(location)
          .setPageToken(complete ? token : null)
          .setTimeoutMs(TIMEOUT_MS)
          .execute();
      failOnErrors(sql, next.getErrors());
      complete = Boolean.TRUE.equals(next.getJobComplete());
      schema = next.getSchema();
      page = next.getRows();
      token = next.getPageToken();
    }
  }

  private boolean exists(TableReference table) throws IOException {
    try {
      client().tables().get(table.getProjectId(), table.getDatasetId(), table.getTableId())
          .setFields("tableReference").execute();
      return true;
    } catch (GoogleJsonResponseException e) {
      if (e.getStatusCode() == 404) {
        return false;
      }
      throw e;
    }
  }

  private static void failOnErrors(String sql, @Nullable List<ErrorProto> errors)
      throws IOException {
    if (errors != null && !errors.isEmpty()) {
      throw new IOException("BigQuery failed " + sql + ": " + errors.get(0).getMessage());
    }
  }

  /**
   * A result row in the API's {@code f}/{@code v} form as a row keyed by column name, the form
   * the Storage Write API takes: NULL cells left out, REPEATED cells as lists of their values,
   * TIMESTAMP cells (seconds since the epoch, as text) as ISO-8601 instants.
   */
  static TableRow named(TableSchema schema, TableRow result) {
    TableRow row = new TableRow();
    List<TableFieldSchema> fields = schema.getFields();
    List<TableCell> cells = result.getF();
    for (int i = 0; i < fields.size(); i++) {
      Object value = cells.get(i).getV();
      if (value == null || Data.isNull(value)) {
        continue;
      }
      TableFieldSchema field = fields.get(i);
      if ("REPEATED".equals(field.getMode()) && value instanceof List<?> items) {
        List<Object> list = new ArrayList<>();
        for (Object item : items) {
          list.add(scalar(field, item instanceof Map<?, ?> cell ? cell.get("v") : item));
        }
        row.set(field.getName(), list);
      } else {
        row.set(field.getName(), scalar(field, value));
      }
    }
    return row;
  }

  private static Object scalar(TableFieldSchema field, Object value) {
    if ("TIMESTAMP".equals(field.getType()) && value instanceof String seconds) {
      BigDecimal micros = new BigDecimal(seconds).movePointRight(6);
      long total = micros.longValue();
      return Instant.ofEpochSecond(Math.floorDiv(total, 1_000_000L),
          Math.floorMod(total, 1_000_000L) * 1000L).toString();
    }
    return value;
  }

  private Bigquery client() {
    if (client == null) {
      Credentials credentials =
          PipelineOptionsFactory.create().as(GcpOptions.class).getGcpCredential();
      HttpCredentialsAdapter authorised =
          credentials == null ? null : new HttpCredentialsAdapter(credentials);
      HttpRequestInitializer initializer = request -> {
        if (authorised != null) {
          authorised.initialize(request);
        }
        request.setConnectTimeout(20_000);
        request.setReadTimeout((int) TIMEOUT_MS + 10_000);
      };
      client = new Bigquery.Builder(
              Transport.getTransport(), Transport.getJsonFactory(), initializer)
          .setApplicationName("gckpi")
          .build();
    }
    return client;
  }

  @Override
  public String toString() {
    return "BigQuery queries billed to " + billingProject;
  }
}
