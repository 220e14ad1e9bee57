package io.gckpi.pipeline.tables;

import java.util.List;
import org.apache.beam.sdk.schemas.Schema;
import org.apache.beam.sdk.testing.PAssert;
import org.apache.beam.sdk.testing.TestPipeline;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.Row;
import org.junit.Rule;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.junit.runners.JUnit4;

@RunWith(JUnit4.class)
public class SumPerKeyTest {
  @Rule public final transient TestPipeline pipeline = TestPipeline.create();

  private static final Schema COMPONENTS =
      Schema.builder()
          .addStringField("reportDate")
          .addStringField("queueId")
          .addStringField("windowId")
          .addInt64Field("offered")
          .addInt64Field("sumHandleMs")
          .addDoubleField("notAdditive")
          .build();

  private static final Schema DAILY =
      Schema.builder()
          .addStringField("reportDate")
          .addStringField("queueId")
          .addInt64Field("offered")
          .addInt64Field("sumHandleMs")
          .build();

  private static Row components(String window, String queue, long offered, long handleMs) {
    return Row.withSchema(COMPONENTS)
        .addValues("2024-01-15", queue, window, offered, handleMs, 0.5)
        .build();
  }

  @Test
  public void windowComponentsSumToTheDay() {
    PCollection<Row> perWindow =
        pipeline
            .apply(
                Create.of(
                        components("w1", "q1", 3, 300_000),
                        components("w2", "q1", 2, 120_000),
                        components("w2", "q2", 1, 45_000),
                        components("w3", "q1", 5, 500_000))
                    .withRowSchema(COMPONENTS));
    // q1: 3 + 2 + 5 = 10 offered, 300 000 + 120 000 + 500 000 = 920 000 ms; q2 alone.
    PAssert.that(perWindow.apply(SumPerKey.of("reportDate", "queueId")))
        .containsInAnyOrder(
            Row.withSchema(DAILY).addValues("2024-01-15", "q1", 10L, 920_000L).build(),
            Row.withSchema(DAILY).addValues("2024-01-15", "q2", 1L, 45_000L).build());
    pipeline.run().waitUntilFinish();
  }

  @Test
  public void aKeySeenOnceIsKeptAsIs() {
    PCollection<Row> single =
        pipeline.apply(Create.of(List.of(components("w1", "q1", 3, 300_000)))
            .withRowSchema(COMPONENTS));
    PAssert.that(single.apply(SumPerKey.of("reportDate", "queueId")))
        .containsInAnyOrder(
            Row.withSchema(DAILY).addValues("2024-01-15", "q1", 3L, 300_000L).build());
    pipeline.run().waitUntilFinish();
  }
}
