package io.gckpi.pipeline;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.Assert.assertEquals;

import com.google.api.client.googleapis.json.GoogleJsonResponseException;
import com.google.api.client.http.HttpHeaders;
import com.google.api.client.http.HttpResponseException;
import com.google.api.services.bigquery.model.Dataset;
import io.gckpi.pipeline.bigquery.BigQueryReads;
import io.gckpi.pipeline.bigquery.BigQuerySink;
import io.gckpi.pipeline.testing.FakeBigQueryReads;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.util.List;
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
 * A BigQuery the job cannot use ends the run before any extraction with exit code 3 and one
 * {@code gckpi: ...} line that names the dataset and BigQuery's own words: an unreachable service
 * (the HTTP client's {@link UnknownHostException}), one that refuses the job (403, as
 * BigQuery answers a missing permission), and a ledger that cannot be read.
 */
@RunWith(JUnit4.class)
public class BigQueryErrorsTest {
  private static final String DATASET = "gckpi-test:kpis";

  @Rule public final TemporaryFolder tmp = new TemporaryFolder();

  @Before
  public void resetFakes() {
    FakeDatasetService.setUp();
  }

  private record Launch(int exitCode, List<String> lines) {}

  private Launch launch(FakeDatasetService datasets, BigQueryReads reads) throws IOException {
    BigQuerySink sink = BigQuerySink.of(DATASET).withTestServices(
        new FakeBigQueryServices().withDatasetService(datasets)
            .withJobService(new FakeJobService()), reads);
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int exitCode = KpiPipeline.launch(new String[] {"--sink=bigquery", "--bigQueryDataset=" + DATASET,
        "--emulatorVolume=10", "--printSummary=false", "--output=" + tmp.newFolder()},
        sink, new PrintStream(err, true, StandardCharsets.UTF_8));
    return new Launch(exitCode, err.toString(StandardCharsets.UTF_8).lines().toList());
  }

  /** A dataset service whose every dataset look-up fails as given. */
  private static FakeDatasetService failingWith(IOException failure) {
    return new FakeDatasetService() {
      @Override
      public Dataset getDataset(String projectId, String datasetId) throws IOException {
        throw failure;
      }
    };
  }

  @Test
  public void anUnreachableBigQueryIsOneLineAndExitCode3() throws Exception {
    FakeDatasetService datasets =
        failingWith(new UnknownHostException("bigquery.googleapis.com"));
    Launch launch = launch(datasets, new FakeBigQueryReads(datasets));
    assertEquals(launch.toString(), UnreachableSystemException.EXIT_CODE, launch.exitCode());
    assertEquals(List.of("gckpi: cannot prepare BigQuery " + DATASET
        + ": UnknownHostException: bigquery.googleapis.com"), launch.lines());
  }

  @Test
  public void aRefusingBigQueryIsOneLineAndExitCode3() throws Exception {
    FakeDatasetService datasets = failingWith(new GoogleJsonResponseException(
        new HttpResponseException.Builder(403, "Forbidden", new HttpHeaders())
            .setMessage("403 Forbidden\nAccess Denied: Dataset gckpi-test:kpis: Permission"
                + " bigquery.datasets.get denied"), null));
    Launch launch = launch(datasets, new FakeBigQueryReads(datasets));
    assertEquals(launch.toString(), UnreachableSystemException.EXIT_CODE, launch.exitCode());
    assertEquals(launch.toString(), 1, launch.lines().size());
    assertThat(launch.lines().get(0), startsWith("gckpi: cannot prepare BigQuery " + DATASET
        + ": GoogleJsonResponseException: 403 Forbidden Access Denied"));
  }

  @Test
  public void aLedgerThatCannotBeReadIsOneLineAndExitCode3() throws Exception {
    FakeDatasetService datasets = new FakeDatasetService();
    datasets.createDataset("gckpi-test", "kpis", "", "", null);
    Launch launch = launch(datasets, (table, column, values) -> {
      throw new IOException("Connection reset");
    });
    assertEquals(launch.toString(), UnreachableSystemException.EXIT_CODE, launch.exitCode());
    assertEquals(launch.toString(), 1, launch.lines().size());
    assertThat(launch.lines().get(0), startsWith("gckpi: cannot read the ledger of BigQuery "
        + DATASET));
    assertThat(launch.lines().get(0), endsWith(": IOException: Connection reset"));
  }
}
