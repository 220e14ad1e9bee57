package io.gckpi.pipeline;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;

import io.gckpi.genesys.Interval;
import io.gckpi.pipeline.testing.JobRuns;
import java.time.Duration;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.junit.runners.JUnit4;

/** Every bad option is refused at launch with its name in the message. */
@RunWith(JUnit4.class)
public class RunSettingsTest {
  private static String refusal(String... args) {
    // Parsing and checking both: a value Beam cannot parse is refused by the first, naming it.
    return assertThrows(IllegalArgumentException.class, () -> RunSettings.of(JobRuns.options(args)))
        .getMessage();
  }

  @Test
  public void defaultsAreTheEmbeddedDemoDay() {
    RunSettings settings = RunSettings.of(JobRuns.options());
    assertEquals(Interval.parse("2024-01-15T00:00:00Z/2024-01-16T00:00:00Z"), settings.interval());
    assertEquals(Duration.ofHours(1), settings.windowSize());
    assertEquals("out/raw", settings.staging());
    assertEquals(1, settings.emulatorConfig().days());
    assertEquals(Duration.ofSeconds(30), settings.progressInterval());
  }

  @Test
  public void badOptionsAreNamed() {
    assertThat(refusal("--windowSize=PT7M"), startsWith("--windowSize:"));
    assertThat(refusal("--windowSize=PT7H"), startsWith("--windowSize:"));
    assertThat(refusal("--windowSize=soon"), startsWith("--windowSize:"));
    assertThat(refusal("--aggregateSizing=-1"), startsWith("--aggregateSizing:"));
    assertThat(refusal("--aggregateSizing=1000", "--windowSize=PT30M"),
        startsWith("--aggregateSizing:"));
    assertThat(refusal("--date=2024-01-5"), startsWith("--date:"));
    assertThat(refusal("--interval=2024-01-15T00:00:00Z"), startsWith("--interval:"));
    assertThat(
        refusal("--interval=2024-01-15T00:30:00Z/2024-01-15T02:00:00Z"),
        startsWith("--interval:"));
    assertThat(refusal("--mode=STREAM"), startsWith("--mode:"));
    assertThat(refusal("--sink=jdbc"), startsWith("--jdbcUrl:"));
    assertThat(
        refusal("--sink=jdbc", "--jdbcUrl=jdbc:postgresql://h/db", "--jdbcMaxConnections=0"),
        startsWith("--jdbcMaxConnections:"));
    assertThat(refusal("--sink=parquet"), startsWith("--sink:"));
    assertThat(refusal("--sink=bigquery"), startsWith("--bigQueryDataset:"));
    assertThat(refusal("--source=raw"), startsWith("--input:"));
    assertThat(refusal("--source=genesys", "--clientId=x", "--clientSecret=y"),
        startsWith("--genesysRegion:"));
    assertThat(refusal("--reconcileTolerance=5"), startsWith("--reconcileTolerance:"));
    assertThat(refusal("--trailingHorizon=3 days"), startsWith("--trailingHorizon:"));
    assertThat(refusal("--windowSize=3600"), startsWith("--windowSize: expected an ISO-8601"));
    assertThat(refusal("--progressInterval=30s"), startsWith("--progressInterval:"));
    assertThat(refusal("--progressInterval=-PT30S"), startsWith("--progressInterval:"));
    assertThat(refusal("--kpiSpec=/nonexistent/spec.yaml"), startsWith("--kpiSpec:"));
    assertThat(refusal("--source=ftp"), startsWith("--source: must be one of [genesys, emulator, raw]"));
    assertThat(refusal("--sink=files,parquet"), startsWith("--sink: a comma list of"));
    assertThat(refusal("--sink=files,jdbc"), startsWith("--sink: name one table sink"));
    assertThat(refusal("--pollInterval=PT0S", "--streaming"), startsWith("--pollInterval:"));
  }

  @Test
  public void typedOptionsAreParsedByBeamInAnyCase() {
    KpiPipelineOptions options =
        JobRuns.options("--source=Raw", "--input=x.ndjson", "--mode=query", "--sink=FILES,influx",
            "--influxUrl=http://127.0.0.1:1", "--influxDatabase=kpis", "--windowSize=PT2H", "--trailingHorizon=P1D");
    assertEquals(KpiPipelineOptions.Source.RAW, options.getSource());
    assertEquals(io.gckpi.genesys.GenesysIO.Mode.QUERY, options.getMode());
    assertEquals(
        java.util.List.of(KpiPipelineOptions.Sink.FILES, KpiPipelineOptions.Sink.INFLUX),
        options.getSink());
    RunSettings settings = RunSettings.of(options);
    assertEquals(Duration.ofHours(2), settings.windowSize());
    assertEquals(Duration.ofDays(1), settings.trailingHorizon());
    assertEquals(KpiPipelineOptions.Sink.FILES, settings.sink());
  }

  @Test
  public void aMultiDayIntervalAsksTheEmulatorForEveryDay() {
    RunSettings settings =
        RunSettings.of(JobRuns.options("--interval=2024-01-15T00:00:00Z/2024-01-18T00:00:00Z"));
    assertEquals(3, settings.emulatorConfig().days());
    assertEquals(72, settings.interval().split(settings.windowSize()).size());
  }

  /**
   * The launcher's defaults: both DirectRunner checks off unless given; on Flink's local cluster
   * without a configuration of the user's, a configuration directory whose file holds the
   * hash-shuffle threshold; none for a remote cluster or a given directory.
   */
  @Test
  public void theLauncherAddsItsDefaultsOnlyWhereTheCommandLineSetsNone() throws Exception {
    java.util.List<String> direct = java.util.List.of(
        KpiPipeline.withLauncherDefaults(new String[] {"--enforceEncodability=true"}));
    assertEquals(java.util.List.of("--enforceEncodability=true", "--enforceImmutability=false"),
        direct);

    java.util.List<String> local = java.util.List.of(
        KpiPipeline.withLauncherDefaults(new String[] {"--runner=FlinkRunner"}));
    java.util.Optional<String> confDir = local.stream()
        .filter(a -> a.startsWith("--flinkConfDir=")).findFirst()
        .map(a -> a.substring("--flinkConfDir=".length()));
    // FLINK_CONF_DIR in the environment is the user's configuration: then none is added.
    assertEquals(System.getenv("FLINK_CONF_DIR") == null, confDir.isPresent());
    if (confDir.isPresent()) {
      assertEquals(KpiPipeline.LOCAL_FLINK_CONF, java.nio.file.Files.readString(
          java.nio.file.Path.of(confDir.get(), "flink-conf.yaml")));
    }
    assertEquals(false, java.util.List.of(KpiPipeline.withLauncherDefaults(
            new String[] {"--runner=FlinkRunner", "--flinkMaster=jobmanager:8081"})).stream()
        .anyMatch(a -> a.startsWith("--flinkConfDir")));
    assertEquals(1, java.util.List.of(KpiPipeline.withLauncherDefaults(
            new String[] {"--runner=FlinkRunner", "--flinkConfDir=/etc/flink"})).stream()
        .filter(a -> a.startsWith("--flinkConfDir")).count());
  }
}
