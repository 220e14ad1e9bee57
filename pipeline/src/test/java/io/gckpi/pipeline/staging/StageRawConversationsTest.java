package io.gckpi.pipeline.staging;

import static org.junit.Assert.assertEquals;

import java.io.File;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.io.TextIO;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.apache.beam.sdk.testing.PAssert;
import org.apache.beam.sdk.testing.TestPipeline;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.values.KV;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;
import org.junit.runner.RunWith;
import org.junit.runners.JUnit4;

@RunWith(JUnit4.class)
public class StageRawConversationsTest {
  @Rule public final TemporaryFolder folder = new TemporaryFolder();
  @Rule public final transient TestPipeline readBack = TestPipeline.create();

  private static final String W1 = "2024-01-15T00:00:00Z/2024-01-15T01:00:00Z";
  private static final String W2 = "2024-01-15T01:00:00Z/2024-01-15T02:00:00Z";

  private void stage(String location, List<KV<String, String>> rows) {
    Pipeline pipeline = Pipeline.create(PipelineOptionsFactory.create());
    pipeline.apply(Create.of(rows)).apply(StageRawConversations.to(location));
    pipeline.run().waitUntilFinish();
  }

  @Test
  public void writesOneGzipFilePerWindowAndReadsBackEveryLine() throws Exception {
    String location = folder.getRoot().getAbsolutePath() + "/raw";
    stage(
        location,
        List.of(
            KV.of(W1, "{\"conversationId\":\"a\"}"),
            KV.of(W1, "{\"conversationId\":\"b\"}"),
            KV.of(W2, "{\"conversationId\":\"c\"}")));
    // A re-extracted window replaces its own file and leaves the other alone.
    stage(location, List.of(KV.of(W1, "{\"conversationId\":\"a2\"}")));

    List<String> files =
        Arrays.stream(new File(location).list()).filter(f -> f.endsWith(StageRawConversations.SUFFIX)).sorted().collect(Collectors.toList());
    assertEquals(
        List.of(
            "window-2024-01-15T000000Z-2024-01-15T010000Z-00000-of-00001.ndjson.gz",
            "window-2024-01-15T010000Z-2024-01-15T020000Z-00000-of-00001.ndjson.gz"),
        files);

    PAssert.that(readBack.apply(TextIO.read().from(StageRawConversations.glob(location))))
        .containsInAnyOrder("{\"conversationId\":\"a2\"}", "{\"conversationId\":\"c\"}");
    readBack.run().waitUntilFinish();
  }
}
