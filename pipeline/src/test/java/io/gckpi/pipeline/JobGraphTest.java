package io.gckpi.pipeline;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.empty;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import io.gckpi.genesys.BestCopyPerId;
import io.gckpi.genesys.DayCounts;
import io.gckpi.genesys.KeepMostCompleteRaw;
import io.gckpi.pipeline.dimensions.Dimensions;
import io.gckpi.pipeline.files.FilesSink;
import io.gckpi.pipeline.influx.WithInfluxPoints;
import io.gckpi.pipeline.influx.WriteInfluxLineProtocol;
import io.gckpi.pipeline.tables.RunTables;
import io.gckpi.pipeline.testing.JobRuns;
import io.gckpi.transforms.AggregateKpis;
import io.gckpi.transforms.ComputeKpis;
import io.gckpi.transforms.ParseConversations;
import java.util.ArrayList;
import java.util.List;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.runners.TransformHierarchy;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;
import org.junit.runner.RunWith;
import org.junit.runners.JUnit4;

/**
 * The job's graph holds each step once: one parse of every record and one de-duplication, in the
 * read when the API is the source, before the parse when staged or given files are.
 */
@RunWith(JUnit4.class)
public class JobGraphTest {
  private static final String READ_DEDUP = "io.gckpi.genesys.KeepMostCompleteRaw";

  @Rule public final TemporaryFolder folder = new TemporaryFolder();

  /** Every composite of the graph, in the order the graph runs them. */
  private static List<TransformHierarchy.Node> composites(Pipeline pipeline) {
    List<TransformHierarchy.Node> nodes = new ArrayList<>();
    pipeline.traverseTopologically(
        new Pipeline.PipelineVisitor.Defaults() {
          @Override
          public CompositeBehavior enterCompositeTransform(TransformHierarchy.Node node) {
            nodes.add(node);
            return CompositeBehavior.ENTER_TRANSFORM;
          }
        });
    return nodes;
  }

  /** The full names of the composites of {@code type} in the graph the job builds. */
  private static List<String> stepsOf(Pipeline pipeline, String typeName) {
    return composites(pipeline).stream()
        .filter(node -> node.getTransform() != null
            && node.getTransform().getClass().getName().equals(typeName))
        .map(TransformHierarchy.Node::getFullName)
        .toList();
  }

  /** The shards a day of every de-duplication in the graph. */
  private static List<Integer> shardsOf(Pipeline pipeline) {
    return composites(pipeline).stream()
        .filter(node -> node.getTransform() instanceof KeepMostCompleteRaw)
        .map(node -> ((KeepMostCompleteRaw) node.getTransform()).getShardsPerDay())
        .toList();
  }

  private static Pipeline graphOf(String... args) {
    return graphOf(BestCopyPerId.SHARDS_PER_DAY, args);
  }

  private static Pipeline graphOf(int readShardsPerDay, String... args) {
    RunSettings settings = RunSettings.of(JobRuns.options(args));
    Pipeline pipeline = Pipeline.create(settings.options());
    RunTables tables =
        pipeline.apply(
            "KpiTables",
            KpiTables.of(
                settings,
                settings.readsApi()
                    ? settings.connection("http://127.0.0.1:1", "id", "secret")
                    : null,
                settings.interval().split(settings.windowSize()),
                Dimensions.none())
                .withReadShardsPerDay(readShardsPerDay));
    WithInfluxPoints.around(new FilesSink(settings.options().getOutput()), settings.influx())
        .write(tables);
    return pipeline;
  }

  @Test
  public void anApiRunParsesOnceAndDeDuplicatesInTheReadOnly() {
    Pipeline pipeline = graphOf();
    assertEquals(1, stepsOf(pipeline, ParseConversations.class.getName()).size());
    assertEquals(List.of("KpiTables/ReadGenesys/KeepMostComplete"), stepsOf(pipeline, READ_DEDUP));
    assertEquals(List.of(), stepsOf(pipeline, KeepMostComplete.class.getName()));
    assertOneAggregation(pipeline);
  }

  /** The shards the launcher sized from the aggregates API's counts are those the read keeps. */
  @Test
  public void theReadDeDuplicatesInTheShardsTheLauncherSized() {
    assertEquals(List.of(BestCopyPerId.SHARDS_PER_DAY), shardsOf(graphOf()));
    assertEquals(List.of(196), shardsOf(graphOf(DayCounts.shardsPerDay(200_000))));
  }

  /** Raw input's one de-duplication is sized by the text its files hold. */
  @Test
  public void rawInputIsDeDuplicatedInTheShardsItsSizeWants() throws Exception {
    java.nio.file.Path input = folder.newFolder("raw").toPath();
    java.nio.file.Files.write(input.resolve("day.ndjson"), new byte[1_000]);
    assertEquals(List.of(BestCopyPerId.SHARDS_PER_DAY),
        shardsOf(graphOf("--source=raw", "--input=" + input.resolve("*.ndjson"))));
    // 40 targets of text once decompressed.
    try (java.io.RandomAccessFile big =
        new java.io.RandomAccessFile(input.resolve("day.ndjson.gz").toFile(), "rw")) {
      big.setLength(5 * BestCopyPerId.SHARD_BYTES);
    }
    assertEquals(List.of(40),
        shardsOf(graphOf("--source=raw", "--input=" + input.resolve("day.ndjson.gz"))));
  }

  @Test
  public void theInfluxPointsComeFromTheOneAggregationToo() {
    Pipeline pipeline =
        graphOf("--sink=files,influx", "--influxUrl=http://127.0.0.1:1", "--influxDatabase=k");
    assertOneAggregation(pipeline);
    assertEquals(1, stepsOf(pipeline, WriteInfluxLineProtocol.class.getName()).size());
  }

  /**
   * One KPI composite and, inside it, the one aggregation whose output every table and sink
   * takes: the InfluxDB points are written from its totals, not summed again.
   */
  private static void assertOneAggregation(Pipeline pipeline) {
    assertEquals(1, stepsOf(pipeline, ComputeKpis.class.getName()).size());
    assertEquals(1, stepsOf(pipeline, AggregateKpis.class.getName()).size());
    assertThat(
        stepsOf(pipeline, "org.apache.beam.sdk.transforms.Combine$PerKey").stream()
            .filter(name -> name.contains(WriteInfluxLineProtocol.STEP_NAME + "/"))
            .toList(),
        empty());
  }

  @Test
  public void aRawRunDeDuplicatesOnceAndThenParsesOnce() {
    Pipeline pipeline = graphOf("--source=raw", "--input=/nonexistent/*.ndjson");
    assertEquals(
        List.of("KpiTables/ConversationTables/Parse"),
        stepsOf(pipeline, ParseConversations.class.getName()));
    // The read's own de-duplication, on the records' text, before the parse.
    assertEquals(
        List.of("KpiTables/ConversationTables/KeepMostComplete/MostCompleteCopies"),
        stepsOf(pipeline, READ_DEDUP));
    List<String> order = topologicalOrder(pipeline);
    assertTrue(order.indexOf("KpiTables/ConversationTables/KeepMostComplete/MostCompleteCopies")
        < order.indexOf("KpiTables/ConversationTables/Parse"));
  }

  /** The full names of every composite, in the order the graph runs them. */
  private static List<String> topologicalOrder(Pipeline pipeline) {
    return composites(pipeline).stream().map(TransformHierarchy.Node::getFullName).toList();
  }
}
