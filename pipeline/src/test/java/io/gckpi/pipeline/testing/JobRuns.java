package io.gckpi.pipeline.testing;

import io.gckpi.pipeline.KpiPipeline;
import io.gckpi.pipeline.KpiPipelineOptions;
import io.gckpi.pipeline.RunSummary;
import java.util.ArrayList;
import java.util.List;

/** Runs the KPI job in-process from command-line style arguments, as a user would. */
public final class JobRuns {
  private JobRuns() {}

  public static KpiPipelineOptions options(String... args) {
    List<String> all = new ArrayList<>(List.of("--printSummary=false"));
    all.addAll(List.of(args));
    return KpiPipeline.options(all.toArray(new String[0]));
  }

  public static RunSummary run(String... args) {
    return KpiPipeline.run(options(args));
  }

  /** Job arguments writing to the test schema of {@code db}. */
  public static String[] jdbc(PostgresTestSchema db, String... more) {
    List<String> all =
        new ArrayList<>(
            List.of("--sink=jdbc", "--jdbcUrl=" + db.url(), "--jdbcSchema=" + db.schema()));
    all.addAll(List.of(more));
    return all.toArray(new String[0]);
  }
}
