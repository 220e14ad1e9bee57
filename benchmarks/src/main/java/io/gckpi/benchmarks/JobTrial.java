package io.gckpi.benchmarks;

import io.gckpi.genesys.model.Conversation;
import io.gckpi.genesys.model.ConversationJson;
import io.gckpi.genesys.model.MalformedConversationException;
import io.gckpi.pipeline.detail.DetailRecord;
import io.gckpi.pipeline.KpiPipeline;
import io.gckpi.pipeline.KpiPipelineOptions;
import io.gckpi.pipeline.RunSummary;
import io.gckpi.transforms.InteractionKpis;
import io.gckpi.transforms.KpiSpec;
import io.gckpi.transforms.KpiSpecLoader;
import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.beam.sdk.options.PipelineOptionsFactory;

/**
 * The job users run, end to end: {@code KpiPipeline} with {@code --source=raw} over one NDJSON
 * day, its sink (files, or jdbc into {@code jdbcUrl}), on the DirectRunner with the defaults
 * {@code make run} uses, or on FlinkRunner [local] at parallelism 2, against the same work as a
 * plain single-threaded loop: parse, de-duplicate, the KPI chain, the aggregates, CSV out.
 */
final class JobTrial {
  private JobTrial() {}

  static Map<String, Object> run(String runner, Path ndjson, Path output, String jdbcUrl) {
    long started = System.nanoTime();
    long conversations;
    if (runner.equals("plain")) {
      conversations = plainLoop(ndjson, output);
    } else {
      List<String> args = new ArrayList<>(List.of(
          "--source=raw", "--input=" + ndjson, "--output=" + output,
          "--staging=" + output.resolve("raw"), "--printSummary=false"));
      if (runner.equals("flink")) {
        args.addAll(List.of("--runner=FlinkRunner", "--flinkMaster=[local]", "--parallelism=2"));
      }
      if (jdbcUrl != null) {
        args.addAll(List.of("--sink=jdbc", "--jdbcUrl=" + jdbcUrl,
            "--jdbcSchema=bench_job_" + ProcessHandle.current().pid()));
      }
      PipelineOptionsFactory.register(KpiPipelineOptions.class);
      // The command line as KpiPipeline.main completes it for make run.
      KpiPipelineOptions options =
          KpiPipeline.options(KpiPipeline.withLauncherDefaults(args.toArray(new String[0])));
      RunSummary summary = KpiPipeline.run(options);
      if (!"DONE".equals(String.valueOf(summary.get("state")))) {
        throw new IllegalStateException("the job ended " + summary.get("state"));
      }
      conversations = summary.getLong("read");
    }
    Map<String, Object> result = new LinkedHashMap<>();
    result.put("seconds", (System.nanoTime() - started) / 1e9);
    result.put("items", conversations);
    return result;
  }

  /**
   * One thread, no Beam: the most complete copy per id, then the plain loop's chain over the
   * survivors, every interaction row written as CSV, and the rows of the detail tables.
   */
  private static long plainLoop(Path ndjson, Path output) {
    Map<String, Conversation> kept = new LinkedHashMap<>();
    long read = 0;
    try (BufferedReader lines = Files.newBufferedReader(ndjson, StandardCharsets.UTF_8)) {
      for (String line = lines.readLine(); line != null; line = lines.readLine()) {
        if (line.isBlank()) {
          continue;
        }
        read++;
        try {
          Conversation c = ConversationJson.parse(line);
          kept.merge(c.getConversationId(), c,
              (a, b) -> b.getConversationEndMs() != null && (a.getConversationEndMs() == null
                  || b.getConversationEndMs() > a.getConversationEndMs()) ? b : a);
        } catch (MalformedConversationException e) {
          // dead-lettered, as the job's malformed table would
        }
      }
      Files.createDirectories(output);
      try (BufferedWriter csv = Files.newBufferedWriter(output.resolve("interactions.csv"),
          StandardCharsets.UTF_8)) {
        PlainLoop.Chain chain = new PlainLoop.Chain(KpiSpecLoader.defaults(), (InteractionKpis k) -> {
          try {
            csv.write(k.toString());
            csv.newLine();
          } catch (IOException e) {
            throw new UncheckedIOException(e);
          }
        });
        kept.values().forEach(chain);
        writeAll(output.resolve("kpi_daily.csv"), chain.daily().values());
        writeAll(output.resolve("aht_by_skill_hourly.csv"), chain.ahtBySkillHourly().values());
      }
      // The detail tables: every row of every record kept, as the job writes them.
      List<Object> detail = new ArrayList<>();
      for (Conversation c : kept.values()) {
        DetailRecord record = DetailRecord.of(c);
        detail.add(record.conversation());
        detail.addAll(record.participants());
        detail.addAll(record.sessions());
        detail.addAll(record.segments());
        detail.addAll(record.sessionMetrics());
      }
      writeAll(output.resolve("detail.csv"), detail);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + ndjson, e);
    }
    return read;
  }

  private static void writeAll(Path file, Iterable<?> rows) throws IOException {
    try (BufferedWriter out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
      for (Object row : rows) {
        out.write(row.toString());
        out.newLine();
      }
    }
  }
}
