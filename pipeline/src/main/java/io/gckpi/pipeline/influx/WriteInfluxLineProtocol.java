package io.gckpi.pipeline.influx;

import io.gckpi.pipeline.tables.SumPerKey;
import io.gckpi.transforms.AhtBySkillHourly;
import java.util.ArrayList;
import java.util.List;
import org.apache.beam.sdk.coders.VarLongCoder;
import org.apache.beam.sdk.metrics.Counter;
import org.apache.beam.sdk.metrics.Metrics;
import org.apache.beam.sdk.schemas.Schema;
import org.apache.beam.sdk.schemas.transforms.Select;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.MapElements;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.windowing.GlobalWindow;
import org.apache.beam.sdk.transforms.windowing.GlobalWindows;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.Row;
import org.apache.beam.sdk.values.TypeDescriptors;

/**
 * Writes the hourly AHT per skill to InfluxDB as line protocol ({@link LineProtocol}): one point
 * per UTC hour and skill, measurement {@code analytics_metrics}, tag {@code skill}, fields {@code
 * avg_handle_time} (seconds) and {@code conversation_count}.
 *
 * <p>The input is the {@code aht_by_skill_hourly_components} rows: fields {@code hourStartMs},
 * {@code skillId}, {@code handledCount} and {@code sumHandleMs}, one row per extraction window
 * (other fields, such as {@code windowId}, are ignored). The components are summed over the
 * windows first, so that each (hour, skill) is written once, whole: a point per window would
 * overwrite the hour with a part of it. Lines are POSTed in batches of {@link
 * InfluxSettings#batchSize} per bundle, retried by {@link InfluxWriter}; a point written again
 * overwrites itself, so re-running a day (or Beam retrying a bundle) leaves the same points.
 *
 * <p>The output holds the number of points of each successful POST, a signal that later steps can
 * wait on ({@code Wait.on}). Apply it under {@link #STEP_NAME} to keep the step name stable across
 * releases (runners match running state by step name). The input must be bounded and in the
 * global window, as the job's tables are.
 */
public final class WriteInfluxLineProtocol extends PTransform<PCollection<Row>, PCollection<Long>> {
  public static final String STEP_NAME = "WriteInfluxLineProtocol";
  static final String HOUR_START = "hourStartMs";
  static final String SKILL = "skillId";
  static final String HANDLED = "handledCount";
  static final String SUM_HANDLE = "sumHandleMs";

  private final InfluxSettings settings;

  private WriteInfluxLineProtocol(InfluxSettings settings) {
    this.settings = settings;
  }

  public static WriteInfluxLineProtocol to(InfluxSettings settings) {
    return new WriteInfluxLineProtocol(settings);
  }

  @Override
  public PCollection<Long> expand(PCollection<Row> components) {
    checkInput(components);
    return components
        .apply("SkillHourFields", Select.fieldNames(HOUR_START, SKILL, HANDLED, SUM_HANDLE))
        .apply("SumWindowsPerSkillHour", SumPerKey.of(HOUR_START, SKILL))
        .apply(
            "ToLineProtocol",
            MapElements.into(TypeDescriptors.strings())
                .via(
                    (Row row) ->
                        LineProtocol.ahtPoint(
                            AhtBySkillHourly.create(
                                row.getInt64(HOUR_START),
                                row.getString(SKILL),
                                row.getInt64(HANDLED),
                                row.getInt64(SUM_HANDLE)))))
        .apply("PostBatches", ParDo.of(new PostBatchesFn(settings)))
        .setCoder(VarLongCoder.of());
  }

  private static void checkInput(PCollection<Row> components) {
    if (!(components.getWindowingStrategy().getWindowFn() instanceof GlobalWindows)) {
      throw new IllegalArgumentException(
          STEP_NAME + " needs its input in the global window; got "
              + components.getWindowingStrategy().getWindowFn());
    }
    Schema schema = components.getSchema();
    for (String field : List.of(HOUR_START, SKILL, HANDLED, SUM_HANDLE)) {
      Schema.TypeName expected =
          SKILL.equals(field) ? Schema.TypeName.STRING : Schema.TypeName.INT64;
      if (!schema.hasField(field) || schema.getField(field).getType().getTypeName() != expected) {
        throw new IllegalArgumentException(
            STEP_NAME + " needs the aht_by_skill_hourly_components rows: a " + expected
                + " field " + field + "; got " + schema);
      }
    }
  }

  /** Buffers a bundle's lines and POSTs them in batches, the rest when the bundle finishes. */
  private static class PostBatchesFn extends DoFn<String, Long> {
    private final InfluxSettings settings;
    private final Counter points = Metrics.counter(WriteInfluxLineProtocol.class, "points");
    private final Counter batches = Metrics.counter(WriteInfluxLineProtocol.class, "batches");
    private transient InfluxWriter writer;
    private transient List<String> batch;

    PostBatchesFn(InfluxSettings settings) {
      this.settings = settings;
    }

    @Setup
    public void setup() {
      writer = InfluxWriter.create(settings);
    }

    @StartBundle
    public void startBundle() {
      batch = new ArrayList<>();
    }

    @ProcessElement
    public void process(@Element String line, OutputReceiver<Long> out) {
      batch.add(line);
      if (batch.size() >= settings.batchSize()) {
        out.output(flush());
      }
    }

    @FinishBundle
    public void finishBundle(FinishBundleContext context) {
      if (!batch.isEmpty()) {
        context.output(flush(), GlobalWindow.INSTANCE.maxTimestamp(), GlobalWindow.INSTANCE);
      }
    }

    private long flush() {
      writer.write(batch);
      long written = batch.size();
      points.inc(written);
      batches.inc();
      batch = new ArrayList<>();
      return written;
    }
  }
}
