package io.gckpi.benchmarks;

import java.util.HashMap;
import java.util.Map;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.PipelineResult;
import org.apache.beam.sdk.metrics.MetricNameFilter;
import org.apache.beam.sdk.metrics.MetricResult;
import org.apache.beam.sdk.metrics.MetricsFilter;
import org.apache.beam.sdk.options.PipelineOptions;
import org.apache.beam.sdk.options.PipelineOptionsFactory;

/** The runners the benchmarks compare, and running a pipeline to its end with its counters. */
final class BeamRuns {
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

  private BeamRuns() {}

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
}
