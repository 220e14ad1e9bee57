package io.gckpi.benchmarks;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;

/**
 * {@code make bench}: measures, prints a table and writes {@code benchmarks/results/latest.json}.
 *
 * <ol>
 *   <li>The job ({@link JobTrial}): {@code KpiPipeline --source=raw} over one generated day at
 *       2,000, 50,000 and {@code --conversations}, files and jdbc sinks, on the DirectRunner and
 *       FlinkRunner [local] at parallelism 2, against a plain single-threaded loop doing the same
 *       work, each a fresh JVM per run, with peak memory; and, in runs of their own, what the
 *       Flink job keeps in memory (its live heap, {@link PeakMemory}) at 50,000 and the largest
 *       size.
 *   <li>Extraction from the emulator against its rate limit R and page size P, without faults
 *       and under a 429/5xx mix: achieved share of the R x P / 60 ceiling of the same run, over
 *       the API phase and over the whole pipeline, 429s, ids lost or duplicated against the
 *       ground truth.
 *   <li>Sink: the pipeline's upsert against COPY of the same interaction_timelines rows, and the
 *       upsert again over unchanged rows.
 *   <li>{@code make run} ({@link EmbeddedRunTrial}): the embedded default's seconds after the
 *       read's last page against its extraction.
 * </ol>
 *
 * Every figure is the median of {@code --runs} runs. Options: {@link BenchSettings}.
 */
public final class Bench {
  private static final long DATA_SEED = 42;
  private static final long WARM_UP_SEED = 7;

  private final BenchSettings settings;
  private final Path work;
  private final ForkedTrial trials;
  private long trialMaxHeap;

  private Bench(BenchSettings settings, Path work, Path logs) {
    this.settings = settings;
    this.work = work;
    this.trials = new ForkedTrial(settings.heap(), logs);
  }

  public static void main(String[] args) throws Exception {
    BenchSettings settings;
    try {
      settings = BenchSettings.parse(args);
    } catch (IllegalArgumentException e) {
      System.err.println("bench: " + e.getMessage());
      System.exit(2);
      return;
    }
    Path logs = settings.output().toAbsolutePath().getParent().resolveSibling("target")
        .resolve("bench-logs");
    deleteTree(logs);
    Files.createDirectories(logs);
    // The generated data is large: removed at exit, also when the benchmarks are stopped.
    Path work = Files.createTempDirectory("gckpi-bench-");
    Runtime.getRuntime().addShutdownHook(new Thread(() -> deleteTree(work)));
    Results results = new Bench(settings, work, logs).runAll();
    System.out.println();
    results.print(System.out);
    results.write(settings.output());
    System.out.println();
    System.out.println("bench: wrote " + settings.output() + "; trial logs in " + logs);
  }

  private Results runAll() {
    double load = MachineInfo.loadAverage();
    int cores = Runtime.getRuntime().availableProcessors();
    if (load > cores) {
      System.err.printf(Locale.ROOT,
          "bench: the load average is %.1f on %d cores: other work competes with the figures%n",
          load, cores);
    }
    List<Figure> figures = new ArrayList<>();
    if (settings.runs("job")) {
      figures.addAll(job());
    }
    if (settings.runs("extraction")) {
      figures.addAll(extraction());
    }
    if (settings.runs("sink")) {
      figures.addAll(sink());
    }
    if (settings.runs("run")) {
      figures.add(embeddedRun());
    }
    return new Results(Instant.now().truncatedTo(ChronoUnit.SECONDS).toString(),
        MachineInfo.collect(trialMaxHeap, load), settings.toMap(), figures);
  }

  // ------------------------------------------------------------------ 1. the job

  /**
   * The job end to end at each size: the plain loop, then the DirectRunner and FlinkRunner
   * [local] at parallelism 2 with the files sink, then both with the jdbc sink, as ratios of the
   * loop at the same size; peak memory of the largest size against 50,000.
   */
  private List<Figure> job() {
    List<Figure> figures = new ArrayList<>();
    Figure memoryBase = null;
    Figure largest = null;
    int index = 0;
    for (int size : settings.jobSizes()) {
      index++;
      Path data = data(size, DATA_SEED);
      String n = String.format(Locale.ROOT, "%,d conversations", size);
      String id = "1" + (char) ('a' + index - 1);
      Figure plain = conversationsPerSecond(id + "1", "job: plain Java loop, 1 thread, " + n);
      Figure direct = conversationsPerSecond(id + "2", "job: DirectRunner, files, " + n);
      Figure flink = conversationsPerSecond(id + "3", "job: FlinkRunner [local] p2, files, " + n);
      Figure directJdbc = conversationsPerSecond(id + "4", "job: DirectRunner, jdbc, " + n);
      Figure flinkJdbc = conversationsPerSecond(id + "5", "job: FlinkRunner [local] p2, jdbc, " + n);
      Map<String, Figure> byKind = new java.util.LinkedHashMap<>();
      byKind.put("job-plain", plain);
      byKind.put("job-direct", direct);
      byKind.put("job-flink", flink);
      if (settings.jdbcUrl() != null) {
        byKind.put("job-direct-jdbc", directJdbc);
        byKind.put("job-flink-jdbc", flinkJdbc);
      }
      // Round by round, so that a change in the machine's load falls on every runner alike.
      for (int run = 1; run <= settings.runs(); run++) {
        for (Map.Entry<String, Figure> kind : byKind.entrySet()) {
          Figure figure = kind.getValue();
          if (figure.error != null) {
            continue;
          }
          try {
            List<String> args = new ArrayList<>(List.of("file=" + data,
                "output=" + work.resolve(kind.getKey() + "-" + size + "-" + run)));
            if (kind.getKey().endsWith("jdbc")) {
              args.add("jdbcUrl=" + settings.jdbcUrl());
            }
            JsonNode trial = trial(kind.getKey(), run, args.toArray(new String[0]));
            figure.addWithPeak(
                trial.get("items").asDouble() / trial.get("seconds").asDouble(), trial);
          } catch (RuntimeException e) {
            figure.fail(e);
          }
        }
      }
      if (plain.error == null) {
        plain.compare(1.0, "1.00x", "the floor", null);
        againstPlain(direct, plain, size == 50_000 ? 0.25 : null);
        againstPlain(flink, plain, size >= 200_000 ? 1.0 : null);
        againstPlain(directJdbc, plain, null);
        againstPlain(flinkJdbc, plain, null);
      }
      figures.addAll(byKind.values());
      if (size == 50_000 || size == settings.jobSizes().get(settings.jobSizes().size() - 1)) {
        // What the Flink job keeps in memory, in a run of its own (it collects garbage itself).
        try {
          JsonNode live = trial("job-flink", 0, "file=" + data,
              "output=" + work.resolve("job-flink-live-" + size), "liveMemory=true");
          flink.details.put("peakLiveBytes", live.get("peakLiveBytes").asLong());
        } catch (RuntimeException e) {
          flink.details.put("peakLiveError", e.getMessage());
        }
      }
      if (size == 50_000) {
        memoryBase = flink;
      }
      largest = flink;
    }
    if (memoryBase != null && largest != memoryBase
        && memoryBase.details.get("peakLiveBytes") instanceof Long base
        && largest.details.get("peakLiveBytes") instanceof Long top) {
      double ratio = (double) top / base;
      largest.note = String.format(Locale.ROOT,
          "peak live heap %.2fx of 50,000 (target <= 1.5x)%s", ratio, ratio <= 1.5 ? "" : ": MISSED");
      largest.details.put("peakLiveOf50000", ratio);
    }
    return figures;
  }

  private static Figure conversationsPerSecond(String id, String name) {
    Figure figure = new Figure(id, name);
    figure.unit = "conversations/s";
    return figure;
  }

  private static void againstPlain(Figure figure, Figure plain, Double target) {
    if (figure.error != null || figure.trials.isEmpty()) {
      return;
    }
    double ratio = figure.median() / plain.median();
    figure.compare(ratio, String.format(Locale.ROOT, "%.2fx plain loop", ratio),
        target == null ? "" : String.format(Locale.ROOT, ">= %.2fx plain loop", target),
        target == null ? null : ratio >= target);
  }

  // ------------------------------------------------------------------ 2. extraction

  /**
   * The read of the day without faults (2a) and under the 429/5xx mix (2b), each against the
   * ceiling of its own run: between its first and last API request (>= 90%), and the whole
   * pipeline from launch to end (>= 75%).
   */
  private List<Figure> extraction() {
    int rate = settings.rateLimitPerMinute();
    int page = settings.pageSize();
    String name = String.format(Locale.ROOT,
        "extraction, GenesysIO on FlinkRunner [local], R = %d/min, P = %d, %,d conversations",
        rate, page, settings.extractionConversations());
    List<JsonNode> trials = new ArrayList<>();
    try {
      for (int run = 1; run <= settings.runs(); run++) {
        trials.add(trial("extraction", run,
            "conversations=" + settings.extractionConversations(), "rateLimit=" + rate,
            "pageSize=" + page, "work=" + work.resolve("extraction-" + run)));
      }
    } catch (RuntimeException e) {
      return List.of(Figure.failed("2", name, e));
    }
    long lost = 0;
    long duplicated = 0;
    long unexpected = 0;
    long failedWindows = 0;
    for (JsonNode trial : trials) {
      lost += trial.get("lost").asLong();
      duplicated += trial.get("duplicated").asLong();
      unexpected += trial.get("unexpected").asLong();
      failedWindows += trial.get("failedWindows").asLong();
    }
    boolean exact = lost == 0 && duplicated == 0 && unexpected == 0 && failedWindows == 0;
    String exactness = String.format(Locale.ROOT, "ids lost %d, duplicated %d%s%s (both reads"
        + " and the query read)", lost, duplicated,
        unexpected == 0 ? "" : ", not of the day " + unexpected,
        failedWindows == 0 ? "" : ", failed windows " + failedWindows);
    List<Figure> figures = new ArrayList<>();
    for (boolean faults : List.of(false, true)) {
      Figure figure = new Figure(faults ? "2b" : "2a",
          name + (faults ? ", faults " + ExtractionTrial.FAULTS : ", no faults"));
      figure.unit = "conversations/s";
      List<Double> shares = new ArrayList<>();
      List<Double> pipelineShares = new ArrayList<>();
      List<Double> ceilings = new ArrayList<>();
      List<Double> pipelineSeconds = new ArrayList<>();
      List<Long> tooMany = new ArrayList<>();
      List<Long> requests = new ArrayList<>();
      List<Long> jobs = new ArrayList<>();
      for (JsonNode trial : trials) {
        JsonNode read = faults ? trial.get("faults") : trial;
        double items = read.get("items").asDouble();
        double ceiling = read.get("runCeilingPerSecond").asDouble();
        double rateRead = items / read.get("seconds").asDouble();
        figure.add(rateRead, read);
        shares.add(rateRead / ceiling);
        pipelineShares.add(items / ceiling / read.get("pipelineSeconds").asDouble());
        ceilings.add(ceiling);
        pipelineSeconds.add(read.get("pipelineSeconds").asDouble());
        tooMany.add(read.get("tooManyRequests").asLong());
        requests.add(read.get("requests").asLong());
        jobs.add(read.get("jobs").asLong());
      }
      double share = Stats.median(shares);
      double pipelineShare = Stats.median(pipelineShares);
      figure.compare(share,
          String.format(Locale.ROOT, "%.0f%% of ceiling %,.0f/s; pipeline %.0f%%", share * 100,
              Stats.median(ceilings), pipelineShare * 100),
          ">= 90% of ceiling, pipeline >= 75%, 0 lost, 0 duplicated",
          share >= 0.9 && pipelineShare >= 0.75 && exact);
      figure.note = String.format(Locale.ROOT,
          "%s; requests per run %s, jobs %s, 429s %s; the pipeline took %.0f s",
          exactness, requests, jobs, tooMany, Stats.median(pipelineSeconds));
      figure.details.put("ceilingPerSecond", Stats.median(ceilings));
      figure.details.put("shareOfCeiling", share);
      figure.details.put("pipelineShareOfCeiling", pipelineShare);
      figure.details.put("lost", lost);
      figure.details.put("duplicated", duplicated);
      figure.details.put("unexpected", unexpected);
      figure.details.put("failedWindows", failedWindows);
      figure.details.put("tooManyRequestsPerRun", tooMany);
      figure.details.put("pipelineSecondsMedian", Stats.median(pipelineSeconds));
      figures.add(figure);
    }
    return figures;
  }

  // ------------------------------------------------------------------ 3. sink

  private List<Figure> sink() {
    String rows = String.format(Locale.ROOT, "%,d conversations' rows", settings.conversations());
    String upsertName = "upsert into empty interaction_timelines, batches of "
        + SinkTrial.BATCH + ", " + rows;
    if (settings.jdbcUrl() == null) {
      return List.of(Figure.failed("3", "sink",
          new IllegalStateException("no --jdbcUrl; make bench passes the one scripts/db.sh prints")));
    }
    Figure upsert = new Figure("3a", upsertName);
    Figure copy = new Figure("3b", "COPY of the same rows (FORMAT csv)");
    Figure rerun = new Figure("3c", "upsert of the same rows again (update path)");
    Path data = data(settings.conversations(), DATA_SEED);
    long changed = 0;
    boolean complete = true;
    try {
      for (int run = 1; run <= settings.runs(); run++) {
        JsonNode trial = trial("sink", run, "file=" + data, "jdbcUrl=" + settings.jdbcUrl());
        double n = trial.get("rows").asDouble();
        upsert.add(n / trial.get("upsertSeconds").asDouble(), trial);
        copy.add(n / trial.get("copySeconds").asDouble());
        rerun.add(n / trial.get("rerunSeconds").asDouble());
        changed += trial.get("rerunRowsChanged").asLong();
        complete &= trial.get("upsertRowsInTable").asLong() == trial.get("rows").asLong()
            && trial.get("copyRowsInTable").asLong() == trial.get("rows").asLong();
      }
    } catch (RuntimeException e) {
      return List.of(Figure.failed("3", "sink", e));
    }
    for (Figure f : List.of(upsert, copy, rerun)) {
      f.unit = "rows/s";
    }
    double ratio = upsert.median() / copy.median();
    upsert.compare(ratio, String.format(Locale.ROOT, "%.2fx COPY", ratio), ">= 0.30x COPY",
        ratio >= 0.3);
    copy.compare(1.0, "1.00x", "", null);
    double rerunRatio = rerun.median() / copy.median();
    rerun.compare(rerunRatio, String.format(Locale.ROOT, "%.2fx COPY", rerunRatio),
        "a no-op: 0 rows changed", changed == 0);
    rerun.note = "rows changed " + changed;
    rerun.details.put("rowsChanged", changed);
    if (!complete) {
      upsert.note = "the table did not hold every row after a run (see the results file)";
    }
    return List.of(upsert, copy, rerun);
  }

  // ------------------------------------------------------------------ 4. make run

  /**
   * {@code make run}, the embedded default ({@link EmbeddedRunTrial}): the seconds after the
   * read's last page, and their ratio to the extraction before it (from the launch), whose target
   * is 0.2x.
   */
  private Figure embeddedRun() {
    Figure figure = new Figure("4",
        "make run: embedded default (emulator 2,000, DirectRunner, files), after the last page");
    figure.unit = "s";
    List<Double> ratios = new ArrayList<>();
    List<Double> extraction = new ArrayList<>();
    for (int run = 1; run <= settings.runs(); run++) {
      try {
        JsonNode trial = trial("run-embedded", run, "output=" + work.resolve("run-" + run));
        double after = trial.get("afterLastPageSeconds").asDouble();
        figure.addWithPeak(after, trial);
        extraction.add(trial.get("extractionSeconds").asDouble());
        ratios.add(after / trial.get("extractionSeconds").asDouble());
      } catch (RuntimeException e) {
        return figure.fail(e);
      }
    }
    double ratio = Stats.median(ratios);
    figure.note = String.format(Locale.ROOT,
        "extraction (launch to last page) %.1f s, median", Stats.median(extraction));
    return figure.compare(ratio, String.format(Locale.ROOT, "%.2fx extraction", ratio),
        "<= 0.20x extraction", ratio <= 0.2);
  }

  // ------------------------------------------------------------------ helpers

  private JsonNode trial(String kind, int run, String... args) {
    System.err.printf("bench: %s run %d of %d%n", kind, run, settings.runs());
    JsonNode result = trials.run(kind, args);
    trialMaxHeap = result.get("maxHeapBytes").asLong();
    return result;
  }

  private Path data(int conversations, long seed) {
    System.err.printf(Locale.ROOT, "bench: generating %,d conversations (seed %d)%n",
        conversations, seed);
    return Datasets.write(work, conversations, seed);
  }

  private static void deleteTree(Path dir) {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(dir)) {
      for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot delete " + dir, e);
    }
  }
}
