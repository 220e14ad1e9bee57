package io.gckpi.benchmarks;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Runs a {@link Trial} in a fresh JVM with this JVM's classpath and the given heap; its log goes
 * to a file, its result comes back as JSON.
 */
final class ForkedTrial {
  /** What Flink's own scripts pass on Java 17 for its reflection and Kryo. */
  private static final List<String> JAVA17_OPENS =
      List.of(
          "--add-opens=java.base/java.lang=ALL-UNNAMED",
          "--add-opens=java.base/java.net=ALL-UNNAMED",
          "--add-opens=java.base/java.io=ALL-UNNAMED",
          "--add-opens=java.base/java.nio=ALL-UNNAMED",
          "--add-opens=java.base/sun.nio.ch=ALL-UNNAMED",
          "--add-opens=java.base/java.lang.reflect=ALL-UNNAMED",
          "--add-opens=java.base/java.text=ALL-UNNAMED",
          "--add-opens=java.base/java.time=ALL-UNNAMED",
          "--add-opens=java.base/java.util=ALL-UNNAMED",
          "--add-opens=java.base/java.util.concurrent=ALL-UNNAMED",
          "--add-opens=java.base/java.util.concurrent.atomic=ALL-UNNAMED",
          "--add-opens=java.base/java.util.concurrent.locks=ALL-UNNAMED");

  private final String heap;
  private final Path logDir;
  private int launched;

  ForkedTrial(String heap, Path logDir) {
    this.heap = heap;
    this.logDir = logDir;
  }

  /** Runs {@code Trial kind args...}; throws with the log's tail when it fails. */
  JsonNode run(String kind, String... args) {
    Path log = logDir.resolve(String.format("%03d-%s.log", ++launched, kind));
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-Xmx" + heap);
    command.addAll(JAVA17_OPENS);
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add(Trial.class.getName());
    command.add(kind);
    command.addAll(List.of(args));
    try {
      Process process = new ProcessBuilder(command).redirectError(log.toFile()).start();
      // Stopping the benchmarks (Ctrl-C) stops the trial too.
      Thread stop = new Thread(process::destroyForcibly);
      Runtime.getRuntime().addShutdownHook(stop);
      String result = null;
      try (BufferedReader out =
          new BufferedReader(
              new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
        for (String line = out.readLine(); line != null; line = out.readLine()) {
          if (line.startsWith(Trial.RESULT_PREFIX)) {
            result = line.substring(Trial.RESULT_PREFIX.length());
          }
        }
      }
      int exit = process.waitFor();
      Runtime.getRuntime().removeShutdownHook(stop);
      if (exit != 0 || result == null) {
        throw new IllegalStateException(
            kind + " trial failed (exit " + exit + "); " + log + " ends with:\n" + tail(log));
      }
      return new ObjectMapper().readTree(result);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot run the " + kind + " trial", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while the " + kind + " trial ran", e);
    }
  }

  private static String tail(Path log) throws IOException {
    List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
    return String.join("\n", lines.subList(Math.max(0, lines.size() - 30), lines.size()));
  }
}
