package io.gckpi.benchmarks;

import io.gckpi.transforms.ComputeKpis;
import io.gckpi.transforms.InteractionKpis;
import io.gckpi.transforms.KpiSpec;
import io.gckpi.transforms.ParseConversations;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.PipelineResult;
import org.apache.beam.sdk.io.TextIO;
import org.apache.beam.sdk.metrics.Counter;
import org.apache.beam.sdk.metrics.MetricNameFilter;
import org.apache.beam.sdk.metrics.MetricResult;
import org.apache.beam.sdk.metrics.Metrics;
import org.apache.beam.sdk.metrics.MetricsFilter;
import org.apache.beam.sdk.options.PipelineOptions;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.Filter;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.values.PCollection;

/**
 * The plain loop's work as a Beam pipeline: TextIO over the same NDJSON, {@link
 * ParseConversations}, then the {@link ComputeKpis} composite. Every output is consumed by a
 * counting step, so a runner cannot skip a branch, and the counts are checked against the loop's.
 */
final class BeamChain {
  private static final String NAMESPACE = "gckpi.bench";

  /** The runners compared, as the pipeline options that select them. */
  enum Runner {
    DIRECT("--runner=DirectRunner", "--enforceImmutability=false", "--enforceEncodability=false"),
    FLINK("--runner=FlinkRunner", "--flinkMaster=[local]", "--parallelism=2");

    private final String[] args;

    Runner(String... args) {
      this.args = args;
    }

    PipelineOptions options() {
      return PipelineOptionsFactory.fromArgs(args).create();
    }
  }

  private BeamChain() {}

  static OutputCounts run(Runner runner, Path ndjson, KpiSpec spec) {
    Pipeline pipeline = Pipeline.create(runner.options());
    ParseConversations.Result parsed =
        pipeline
            .apply("Read", TextIO.read().from(ndjson.toString()))
            .apply("Parse", ParseConversations.create());
    ComputeKpis.Result kpis = parsed.getConversations().apply("Kpis", ComputeKpis.withSpec(spec));
    count(parsed.getMalformed(), "malformed", "CountParseMalformed");
    count(kpis.getMalformed(), "malformed", "CountMalformed");
    count(
        kpis.getInteractions()
            .apply("Excluded", Filter.by((InteractionKpis k) -> k.getExcludedReason() != null)),
        "filtered", "CountFiltered");
    count(kpis.getInteractions(), "interactions", "CountInteractions");
    count(kpis.getKpiDaily(), "dailyRows", "CountDaily");
    count(kpis.getAhtBySkillHourly(), "ahtRows", "CountAht");
    Map<String, Long> counters = counters(runToTheEnd(pipeline), NAMESPACE);
    return new OutputCounts(
        counters.getOrDefault("interactions", 0L),
        counters.getOrDefault("malformed", 0L),
        counters.getOrDefault("filtered", 0L),
        counters.getOrDefault("dailyRows", 0L),
        counters.getOrDefault("ahtRows", 0L));
  }

  private static <T> void count(PCollection<T> collection, String counter, String step) {
    collection.apply(step, ParDo.of(new CountFn<T>(counter)));
  }

  static PipelineResult runToTheEnd(Pipeline pipeline) {
    PipelineResult result = pipeline.run();
    PipelineResult.State state = result.waitUntilFinish();
    if (state != PipelineResult.State.DONE) {
      throw new IllegalStateException("the pipeline ended " + state);
    }
    return result;
  }

  /** Counter values of a namespace by name, summed over the steps that report the same name. */
  static Map<String, Long> counters(PipelineResult result, String namespace) {
    Map<String, Long> values = new HashMap<>();
    Iterable<MetricResult<Long>> counters =
        result
            .metrics()
            .queryMetrics(
                MetricsFilter.builder()
                    .addNameFilter(MetricNameFilter.inNamespace(namespace))
                    .build())
            .getCounters();
    for (MetricResult<Long> counter : counters) {
      values.merge(counter.getName().getName(), counter.getAttempted(), Long::sum);
    }
    return values;
  }

  private static class CountFn<T> extends DoFn<T, Void> {
    private final Counter counter;

    CountFn(String name) {
      this.counter = Metrics.counter(NAMESPACE, name);
    }

    @ProcessElement
    public void process() {
      counter.inc();
    }
  }
}
