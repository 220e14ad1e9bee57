package io.gckpi.pipeline.files;

import static org.junit.Assert.assertEquals;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.apache.beam.sdk.schemas.Schema;
import org.apache.beam.sdk.testing.TestPipeline;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.transforms.Flatten;
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
 * without rows a file with the header alone; the parts are gone afterwards; cells are quoted as
 * RFC 4180 says.
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
    String dir = folder.getRoot().toString();
    PCollectionList.of(callRows).and(failedRows)
        .apply(WriteCsv.to(dir, List.of("interaction_timelines", "failed_windows")));
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
    assertEquals(List.of("failed_windows.csv", "interaction_timelines.csv"),
        filesIn(folder.getRoot().toPath()));
  }

  private static List<String> filesIn(Path dir) throws IOException {
    try (Stream<Path> files = Files.list(dir)) {
      return files.map(p -> p.getFileName().toString()).sorted().collect(Collectors.toList());
    }
  }
}
