package io.gckpi.benchmarks;

import io.gckpi.pipeline.KpiPipeline;
import io.gckpi.pipeline.KpiPipelineOptions;
import io.gckpi.pipeline.RunSummary;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code make run} as a user types it: {@code KpiPipeline} on the embedded default (the built-in
 * emulator's day of 2,000 conversations, the DirectRunner with the launcher's defaults, CSV files),
 * timed in two parts around the read's last page ({@code readEndedAt} in the run summary, the
 * read's progress gauge): the extraction, from the launch to the last page (the emulator's start,
 * reference data, the graph, the read), and the rest of the job after it.
 */
final class EmbeddedRunTrial {
  private EmbeddedRunTrial() {}

  static Map<String, Object> run(Path output) {
    Instant launched = Instant.now();
    KpiPipelineOptions options =
        KpiPipeline.options(KpiPipeline.withLauncherDefaults(
            new String[] {"--output=" + output, "--printSummary=false"}));
    RunSummary summary = KpiPipeline.run(options);
    Instant ended = Instant.now();
    if (!"DONE".equals(String.valueOf(summary.get("state")))
        || summary.get("readEndedAt") == null) {
      throw new IllegalStateException("the run ended " + summary.get("state")
          + " without the time of its last page");
    }
    Instant lastPage = Instant.parse(String.valueOf(summary.get("readEndedAt")));
    Map<String, Object> result = new LinkedHashMap<>();
    result.put("seconds", seconds(launched, ended));
    result.put("items", summary.getLong("read"));
    result.put("extractionSeconds", seconds(launched, lastPage));
    result.put("afterLastPageSeconds", seconds(lastPage, ended));
    return result;
  }

  private static double seconds(Instant from, Instant to) {
    return Duration.between(from, to).toNanos() / 1e9;
  }
}
