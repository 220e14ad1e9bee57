package io.gckpi.pipeline.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.gckpi.pipeline.influx.InfluxSettings;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.rules.ExternalResource;

/**
 * A uniquely named database in the local test InfluxDB 1.x, created before a test and dropped
 * after. The server comes from {@code -Dgckpi.test.influxUrl} (set by {@code make test}, printed by
 * {@code scripts/influxdb.sh}, which installs and starts Debian's influxdb). Without it, or
 * without a server there, the test fails with instructions: it never skips silently.
 */
public class InfluxTestDatabase extends ExternalResource {
  public static final String URL_PROPERTY = "gckpi.test.influxUrl";

  private static final ObjectMapper JSON = new ObjectMapper();
  private final HttpClient http = HttpClient.newHttpClient();
  private final String database =
      "gckpi_t_" + UUID.randomUUID().toString().replace("-", "").substring(0, 16);
  private String url;

  @Override
  protected void before() throws IOException, InterruptedException {
    url = System.getProperty(URL_PROPERTY);
    if (url == null || url.isBlank()) {
      throw new IllegalStateException(
          "InfluxDB tests need -D" + URL_PROPERTY + "=http://127.0.0.1:PORT; run them with"
              + " `make test` (which starts a local InfluxDB) or start one with"
              + " scripts/influxdb.sh, which prints the URL");
    }
    try {
      run("CREATE DATABASE \"" + database + "\"");
    } catch (IOException e) {
      throw new IOException("cannot reach the test InfluxDB at " + url
          + "; start it with scripts/influxdb.sh: " + e, e);
    }
  }

  @Override
  protected void after() {
    try {
      run("DROP DATABASE \"" + database + "\"");
    } catch (IOException | InterruptedException e) {
      throw new IllegalStateException("cannot drop test database " + database, e);
    }
  }

  public String url() {
    return url;
  }

  public String database() {
    return database;
  }

  /** Writes to this database over the 1.x API, without credentials. */
  public InfluxSettings settings() {
    return InfluxSettings.v1(url, database, null, null, null);
  }

  /**
   * Runs an InfluxQL query on this database with epoch=ms and returns the rows of every series,
   * column name to value (tags without a value are null).
   */
  public List<Map<String, JsonNode>> query(String influxQl)
      throws IOException, InterruptedException {
    JsonNode result = run(influxQl).path("results").path(0);
    if (result.has("error")) {
      throw new IOException("InfluxDB refused " + influxQl + ": " + result.get("error").asText());
    }
    List<Map<String, JsonNode>> rows = new ArrayList<>();
    for (JsonNode series : result.path("series")) {
      JsonNode columns = series.path("columns");
      for (JsonNode values : series.path("values")) {
        Map<String, JsonNode> row = new LinkedHashMap<>();
        for (int i = 0; i < columns.size(); i++) {
          row.put(columns.get(i).asText(), values.get(i));
        }
        rows.add(row);
      }
    }
    return rows;
  }

  private JsonNode run(String influxQl) throws IOException, InterruptedException {
    String form =
        "db=" + URLEncoder.encode(database, StandardCharsets.UTF_8) + "&epoch=ms&q="
            + URLEncoder.encode(influxQl, StandardCharsets.UTF_8);
    HttpRequest request =
        HttpRequest.newBuilder(URI.create(url + "/query"))
            .header("Content-Type", "application/x-www-form-urlencoded")
            .POST(HttpRequest.BodyPublishers.ofString(form))
            .build();
    HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
    if (response.statusCode() != 200) {
      throw new IOException("InfluxDB answered " + response.statusCode() + " to " + influxQl
          + ": " + response.body());
    }
    return JSON.readTree(response.body());
  }
}
