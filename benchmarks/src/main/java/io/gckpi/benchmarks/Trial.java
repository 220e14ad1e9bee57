package io.gckpi.benchmarks;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.gckpi.transforms.KpiSpec;
import io.gckpi.transforms.KpiSpecLoader;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One measurement in a JVM of its own, so that its peak memory is its own:
 * {@code Trial KIND key=value...}. It prints one line, {@value #RESULT_PREFIX} and a JSON object
 * of its figures (with {@code peakBytes} and {@code maxHeapBytes} always, and {@code
 * peakLiveBytes} when asked with {@code liveMemory=true}: {@link PeakMemory}), and exits.
 *
 * <ul>
 *   <li>{@code job-plain|job-direct|job-flink[-jdbc] file=NDJSON output=DIR [jdbcUrl=URL]}:
 *       {@link JobTrial}; items are conversations read.
 *   <li>{@code extraction conversations=N rateLimit=R pageSize=P work=DIR}: {@link
 *       ExtractionTrial}.
 *   <li>{@code sink file=NDJSON jdbcUrl=URL}: {@link SinkTrial}.
 *   <li>{@code run-embedded output=DIR}: {@link EmbeddedRunTrial}.
 * </ul>
 */
public final class Trial {
  static final String RESULT_PREFIX = "BENCH-RESULT ";

  private Trial() {}

  public static void main(String[] args) throws Exception {
    String kind = args[0];
    Map<String, String> params = new HashMap<>();
    for (int i = 1; i < args.length; i++) {
      String[] kv = args[i].split("=", 2);
      params.put(kv[0], kv[1]);
    }
    Map<String, Object> result;
    // liveMemory=true: the run measures what the job keeps, collecting garbage every second.
    boolean live = Boolean.parseBoolean(params.getOrDefault("liveMemory", "false"));
    try (PeakMemory peak =
        live ? PeakMemory.startCollectingEvery(Duration.ofSeconds(1)) : PeakMemory.start()) {
      result =
          switch (kind) {
            case "job-plain", "job-direct", "job-flink", "job-direct-jdbc", "job-flink-jdbc" ->
                JobTrial.run(kind.replace("job-", "").replace("-jdbc", ""),
                    Path.of(params.get("file")), Path.of(params.get("output")),
                    params.get("jdbcUrl"));
            case "extraction" ->
                ExtractionTrial.run(
                    Integer.parseInt(params.get("conversations")),
                    Integer.parseInt(params.get("rateLimit")),
                    Integer.parseInt(params.get("pageSize")),
                    Path.of(params.get("work")));
            case "sink" ->
                SinkTrial.run(Path.of(params.get("file")), KpiSpecLoader.defaults(), params.get("jdbcUrl"));
            case "run-embedded" -> EmbeddedRunTrial.run(Path.of(params.get("output")));
            default -> throw new IllegalArgumentException("unknown trial " + kind);
          };
      result.putIfAbsent("peakBytes", peak.peakBytes());
      if (live) {
        result.put("peakLiveBytes", peak.peakLiveBytes());
      }
    }
    result.put("maxHeapBytes", Runtime.getRuntime().maxMemory());
    result.put("loadAverage", MachineInfo.loadAverage());
    System.out.println(RESULT_PREFIX + new ObjectMapper().writeValueAsString(result));
    System.out.flush();
    // Runners may leave non-daemon threads behind; the measurement is done.
    System.exit(0);
  }
}
