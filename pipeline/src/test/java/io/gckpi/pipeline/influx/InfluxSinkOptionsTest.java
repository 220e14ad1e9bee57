package io.gckpi.pipeline.influx;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertThrows;

import io.gckpi.pipeline.KpiPipelineOptions.Sink;
import io.gckpi.pipeline.RunSettings;
import io.gckpi.pipeline.testing.JobRuns;
import java.time.Duration;
import java.util.Map;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.junit.runners.JUnit4;

/** {@code --sink=...,influx} and the influx options: resolved at launch, bad ones named. */
@RunWith(JUnit4.class)
public class InfluxSinkOptionsTest {
  private static final String URL = "--influxUrl=http://127.0.0.1:8086";

  private static String refusal(String... args) {
    return assertThrows(IllegalArgumentException.class, () -> RunSettings.of(JobRuns.options(args)))
        .getMessage();
  }

  private static InfluxSettings resolve(Map<String, String> environment, String... args) {
    return InfluxSettings.forRun(
        JobRuns.options(args), true, Duration.ofHours(1), environment::get);
  }

  @Test
  public void aTableSinkWithInfluxWritesBoth() {
    RunSettings settings =
        RunSettings.of(
            JobRuns.options("--sink=JDBC, Influx", "--jdbcUrl=jdbc:postgresql://h/db", URL,
                "--influxDatabase=kpi", "--influxRetentionPolicy=two weeks",
                "--influxUser=writer", "--influxPassword=s3cret"));
    assertEquals(Sink.JDBC, settings.sink());
    InfluxSettings influx = settings.influx();
    assertEquals(
        "http://127.0.0.1:8086/write?db=kpi&rp=two+weeks&precision=s",
        influx.writeUri().toString());
    assertEquals("Basic d3JpdGVyOnMzY3JldA==", influx.authorization()); // writer:s3cret
    assertThat(influx.toString(), not(containsString("s3cret")));
    assertNull(RunSettings.of(JobRuns.options("--sink=files")).influx());
  }

  @Test
  public void version2TakesOrgBucketAndATokenFromTheEnvironment() {
    InfluxSettings influx =
        resolve(Map.of("INFLUX_TOKEN", "t0ken"), URL + "/", "--influxVersion=2",
            "--influxOrg=acme corp", "--influxBucket=kpi");
    assertEquals(
        "http://127.0.0.1:8086/api/v2/write?org=acme+corp&bucket=kpi&precision=s",
        influx.writeUri().toString());
    assertEquals("Token t0ken", influx.authorization());
    assertThat(influx.toString(), not(containsString("t0ken")));
    assertNull(resolve(Map.of(), URL, "--influxDatabase=kpi").authorization());
  }

  @Test
  public void badCombinationsAreNamed() {
    assertThat(refusal("--sink=files,influx"), startsWith("--influxUrl:"));
    assertThat(refusal("--sink=files,influx", "--influxUrl=ftp://h:21"), startsWith("--influxUrl:"));
    assertThat(refusal("--sink=files,influx", "--influxUrl=localhost:8086"),
        startsWith("--influxUrl:"));
    assertThat(refusal("--sink=influx", URL), startsWith("--sink:"));
    assertThat(refusal("--sink=files,jdbc"), startsWith("--sink:"));
    assertThat(refusal("--sink=files,parquet"), startsWith("--sink:"));
    assertThat(refusal("--sink=files", URL), startsWith("--sink:"));
    assertThat(refusal("--sink=files,influx", URL), startsWith("--influxDatabase:"));
    assertThat(refusal("--sink=files,influx", URL, "--influxVersion=3"),
        startsWith("--influxVersion:"));
    assertThat(refusal("--sink=files,influx", URL, "--windowSize=PT30M", "--influxDatabase=k"),
        startsWith("--windowSize:"));
    assertThat(refusal("--sink=files,influx", URL, "--influxDatabase=k", "--influxBucket=b"),
        startsWith("--influxBucket:"));
    assertThat(refusal("--sink=files,influx", URL, "--influxDatabase=k", "--influxPassword=p"),
        startsWith("--influxUser:"));
    assertThat(refusal("--sink=files,influx", URL, "--influxVersion=2", "--influxDatabase=k"),
        startsWith("--influxDatabase:"));
    assertThat(refusal("--sink=files,influx", URL, "--influxVersion=2", "--influxBucket=b"),
        startsWith("--influxOrg:"));
    assertThat(refusal("--sink=files,influx", URL, "--influxVersion=2", "--influxOrg=o"),
        startsWith("--influxBucket:"));
    IllegalArgumentException noToken =
        assertThrows(IllegalArgumentException.class,
            () -> resolve(Map.of(), URL, "--influxVersion=2", "--influxOrg=o",
                "--influxBucket=b"));
    assertThat(noToken.getMessage(), startsWith("--influxToken:"));
  }
}
