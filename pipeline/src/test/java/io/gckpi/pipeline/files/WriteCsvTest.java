package io.gckpi.pipeline.files;

import static org.junit.Assert.assertEquals;

import io.gckpi.pipeline.tables.KpiTable;
import io.gckpi.pipeline.tables.KpiTable.Kind;
import io.gckpi.pipeline.tables.TableStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.runners.TransformHierarchy;
import org.apache.beam.sdk.schemas.Schema;
import org.apache.beam.sdk.testing.TestPipeline;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.transforms.Flatten;
import org.apache.beam.sdk.transforms.join.RawUnionValue;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionList;
import org.apache.beam.sdk.values.Row;
import org.apache.beam.sdk.values.TypeDescriptors;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;
import org.junit.runner.RunWith;
import org.junit.runners.JUnit4;

/**
 * Each table becomes one file with its header, whatever the bundles its rows came in, a table
 * without rows a file with the header alone, the tables of a stream too; the parts are gone
 * afterwards; cells are quoted as RFC 4180 says.
 */
@RunWith(JUnit4.class)
public class WriteCsvTest {
  @Rule public final transient TestPipeline pipeline = TestPipeline.create();
  @Rule public final TemporaryFolder folder = new TemporaryFolder();

  private static final Schema CALLS =
      Schema.builder()
          .addStringField("conversationId")
          .addNullableField("queueName", Schema.FieldType.STRING)
          .addArrayField("skillIds", Schema.FieldType.STRING)
          .build();
  private static final Schema FAILED = Schema.builder().addStringField("windowId").build();

  @Test
  public void eachTableIsOneFileWithItsHeaderAndEveryRow() throws IOException {
    List<Row> calls = new ArrayList<>();
    for (int i = 0; i < 500; i++) {
      calls.add(Row.withSchema(CALLS).addValues("c-" + i, "Sales", List.of("s1", "s2")).build());
    }
    calls.add(Row.withSchema(CALLS).addValues("quoted", "Sales, \"East\"", List.of()).build());
    calls.add(Row.withSchema(CALLS).addValues("nameless", null, List.of("s3")).build());
    // Two inputs, so at least two bundles and two parts to join.
    PCollection<Row> callRows =
        PCollectionList.of(
                pipeline.apply("Calls", Create.of(calls.subList(0, 250)).withRowSchema(CALLS)))
            .and(pipeline.apply("More", Create.of(calls.subList(250, calls.size()))
                .withRowSchema(CALLS)))
            .apply(Flatten.pCollections())
            .setRowSchema(CALLS);
    PCollection<Row> failedRows =
        pipeline.apply("Failed", Create.empty(TypeDescriptors.rows()).withRowSchema(FAILED));
    // A stream of two tables, the second without rows.
    TableStream stream =
        TableStream.of(
            "Both",
            pipeline.apply("Stream", Create.of(
                new RawUnionValue(0, Row.withSchema(FAILED).addValue("w1").build()),
                new RawUnionValue(0, Row.withSchema(FAILED).addValue("w2").build()))
                .withCoder(TableStream.coder(List.of(FAILED, CALLS)))),
            List.of("windows", "calls_too"),
            List.of(FAILED, CALLS));
    String dir = folder.getRoot().toString();
    List<KpiTable> tables = List.of(
        new KpiTable("interaction_timelines", callRows, List.of("conversationId"), Kind.FACT),
        new KpiTable("failed_windows", failedRows, List.of("windowId"), Kind.FACT),
        KpiTable.inStream(stream, 0, List.of("windowId"), Kind.FACT),
        KpiTable.inStream(stream, 1, List.of("conversationId"), Kind.FACT));
    WriteCsv.inputOf(pipeline, tables).apply(WriteCsv.to(dir, tables));
    assertEquals("the stream is written whole, never split", List.of(), stepsNamed("Split "));
    pipeline.run().waitUntilFinish();

    List<String> lines = Files.readAllLines(
        folder.getRoot().toPath().resolve("interaction_timelines.csv"), StandardCharsets.UTF_8);
    assertEquals("conversation_id,queue_name,skill_ids", lines.get(0));
    List<String> expected = new ArrayList<>();
    IntStream.range(0, 500).forEach(i -> expected.add("c-" + i + ",Sales,s1;s2"));
    expected.add("quoted,\"Sales, \"\"East\"\"\",");
    expected.add("nameless,,s3");
    assertEquals(expected.stream().sorted().toList(),
        lines.subList(1, lines.size()).stream().sorted().toList());
    assertEquals(List.of("window_id"), Files.readAllLines(
        folder.getRoot().toPath().resolve("failed_windows.csv"), StandardCharsets.UTF_8));
    List<String> windows = Files.readAllLines(
        folder.getRoot().toPath().resolve("windows.csv"), StandardCharsets.UTF_8);
    assertEquals("window_id", windows.get(0));
    assertEquals(List.of("w1", "w2"), windows.subList(1, windows.size()).stream().sorted().toList());
    assertEquals(List.of("conversation_id,queue_name,skill_ids"), Files.readAllLines(
        folder.getRoot().toPath().resolve("calls_too.csv"), StandardCharsets.UTF_8));
    assertEquals(
        List.of("calls_too.csv", "failed_windows.csv", "interaction_timelines.csv", "windows.csv"),
        filesIn(folder.getRoot().toPath()));
  }

  /** Timestamps print as Joda prints an instant in UTC, over the whole range of years. */
  @Test
  public void timestampsPrintAsJodaPrintsThem() {
    java.util.Random random = new java.util.Random(42);
    for (int i = 0; i < 100_000; i++) {
      long millis = random.nextLong() % 400_000_000_000_000L;
      assertEquals(new org.joda.time.Instant(millis).toString(), WriteCsv.isoUtc(millis));
    }
    for (long millis : List.of(0L, -1L, 1_705_312_802_806L, 253_402_300_799_999L,
        253_402_300_800_000L, -62_167_219_200_000L, -62_167_219_200_001L)) {
      assertEquals(new org.joda.time.Instant(millis).toString(), WriteCsv.isoUtc(millis));
    }
    assertEquals("2024-01-15T10:00:02.806Z",
        WriteCsv.cell(new org.joda.time.Instant(1_705_312_802_806L)));
    assertEquals(";a;", WriteCsv.cell(List.of("", "a", "")));
    assertEquals("\"x,y;z\"", WriteCsv.cell(List.of("x,y", "z")));
  }

  private List<String> stepsNamed(String prefix) {
    List<String> names = new ArrayList<>();
    pipeline.traverseTopologically(new Pipeline.PipelineVisitor.Defaults() {
      @Override
      public CompositeBehavior enterCompositeTransform(TransformHierarchy.Node node) {
        if (!node.isRootNode() && node.getFullName().startsWith(prefix)) {
          names.add(node.getFullName());
        }
        return CompositeBehavior.ENTER_TRANSFORM;
      }
    });
    return names;
  }

  private static List<String> filesIn(Path dir) throws IOException {
    try (Stream<Path> files = Files.list(dir)) {
      return files.map(p -> p.getFileName().toString()).sorted().collect(Collectors.toList());
    }
  }
}
