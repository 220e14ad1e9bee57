package io.gckpi.pipeline.tables;

import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.apache.beam.sdk.schemas.Schema;
import org.apache.beam.sdk.testing.PAssert;
import org.apache.beam.sdk.testing.TestPipeline;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.MapElements;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.Row;
import org.apache.beam.sdk.values.TypeDescriptors;
import org.junit.Rule;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.junit.runners.JUnit4;

/**
 * Rows pass only once every element of every signal is made: each row sees the two slow
 * "writes" done, all of their elements, when it passes.
 */
@RunWith(JUnit4.class)
public class AfterAllTest {
  @Rule public final transient TestPipeline pipeline = TestPipeline.create();

  private static final AtomicInteger written = new AtomicInteger();
  private static final Schema LEDGER = Schema.builder().addStringField("windowId").build();

  /** A write that takes its time over each element. */
  private static class SlowWriteFn extends DoFn<Integer, Void> {
    @ProcessElement
    public void process(OutputReceiver<Void> out) throws InterruptedException {
      Thread.sleep(5);
      written.incrementAndGet();
    }
  }

  @Test
  public void rowsPassOnceEverySignalIsComplete() {
    written.set(0);
    PCollection<Void> first = pipeline.apply("First", Create.of(range(0, 40)))
        .apply("WriteFirst", ParDo.of(new SlowWriteFn()));
    PCollection<Void> second = pipeline.apply("Second", Create.of(range(40, 100)))
        .apply("WriteSecond", ParDo.of(new SlowWriteFn()));
    PCollection<Row> ledger =
        pipeline.apply("Ledger",
            Create.of(Row.withSchema(LEDGER).addValue("w1").build(),
                    Row.withSchema(LEDGER).addValue("w2").build())
                .withRowSchema(LEDGER));
    PCollection<Integer> seen =
        ledger.apply(AfterAll.of(List.of(first, second)))
            .apply(MapElements.into(TypeDescriptors.integers()).via((Row row) -> written.get()));
    PAssert.that(seen).containsInAnyOrder(100, 100);
    pipeline.run().waitUntilFinish();
  }

  private static List<Integer> range(int from, int to) {
    return IntStream.range(from, to).boxed().toList();
  }
}
