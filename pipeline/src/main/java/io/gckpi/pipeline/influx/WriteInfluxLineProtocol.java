package io.gckpi.pipeline.influx;

import io.gckpi.pipeline.report.AhtBySkillHourlyReport;
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
 * <p>The input is the run's {@code aht_by_skill_hourly} rows (fields {@code hourStart},
 * {@code skillId}, {@code conversationCount}, {@code avgHandleTime}): the job's one aggregation
 * has already summed every (hour, skill) over the run's windows, so each point is written once,
 * whole, with the numbers the tables hold. Lines are POSTed in batches of {@link
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
  static final String HOUR_START = "hourStart";
  static final String SKILL = "skillId";
  static final String COUNT = "conversationCount";
  static final String AVG_HANDLE = "avgHandleTime";

  private final InfluxSettings settings;

  private WriteInfluxLineProtocol(InfluxSettings settings) {
    this.settings = settings;
  }

  public static WriteInfluxLineProtocol to(InfluxSettings settings) {
    return new WriteInfluxLineProtocol(settings);
  }

  @Override
  public PCollection<Long> expand(PCollection<Row> skillHours) {
    checkInput(skillHours);
    return skillHours
        .apply("SkillHourFields", Select.fieldNames(HOUR_START, SKILL, COUNT, AVG_HANDLE))
        .apply(
            "ToLineProtocol",
            MapElements.into(TypeDescriptors.strings())
                .via(
                    (Row row) ->
                        LineProtocol.ahtPoint(
                            AhtBySkillHourlyReport.create(
                                row.getString(HOUR_START),
                                row.getString(SKILL),
                                null,
                                row.getInt64(COUNT),
                                row.getDouble(AVG_HANDLE)))))
        .apply("PostBatches", ParDo.of(new PostBatchesFn(settings)))
        .setCoder(VarLongCoder.of());
  }

  private static void checkInput(PCollection<Row> skillHours) {
    if (!(skillHours.getWindowingStrategy().getWindowFn() instanceof GlobalWindows)) {
      throw new IllegalArgumentException(
          STEP_NAME + " needs its input in the global window; got "
              + skillHours.getWindowingStrategy().getWindowFn());
    }
    Schema schema = skillHours.getSchema();
    for (String field : List.of(HOUR_START, SKILL, COUNT, AVG_HANDLE)) {
      Schema.TypeName expected =
          COUNT.equals(field)
              ? Schema.TypeName.INT64
              : AVG_HANDLE.equals(field) ? Schema.TypeName.DOUBLE : Schema.TypeName.STRING;
      if (!schema.hasField(field) || schema.getField(field).getType().getTypeName() != expected) {
        throw new IllegalArgumentException(
            STEP_NAME + " needs the aht_by_skill_hourly rows: a " + expected
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
