package io.gckpi.serve;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Debian's Chromium, headless, one process per page: the DOM after the page's scripts ran, or a
 * screenshot. {@code --virtual-time-budget} lets the page run until it is idle (its requests
 * answered, its charts drawn) or 20 s of its own time have passed, whichever comes first.
 *
 * <p>The browser is {@code -Dgckpi.test.chromium}, else {@code $GCKPI_CHROMIUM}, else
 * {@code /usr/bin/chromium}; {@code scripts/web-tools.sh --browser} installs it and {@code make
 * test} runs that. Without it the test fails: it never skips.
 */
final class HeadlessChromium {
  static final String PROPERTY = "gckpi.test.chromium";
  private static final long TIMEOUT_SECONDS = 120;
  /**
   * As root, without a sandbox; and with nothing that reaches outside this machine (updates,
   * sync, QUIC probes), which would only wait for a network the tests do not need.
   */
  private static final List<String> FLAGS =
      List.of(
          "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
          "--disable-background-networking", "--disable-component-update", "--disable-sync",
          "--disable-extensions", "--hide-scrollbars", "--virtual-time-budget=20000");

  private final Path binary;

  private HeadlessChromium(Path binary) {
    this.binary = binary;
  }

  /** The browser, or an IllegalStateException that says how to install it. */
  static HeadlessChromium find() {
    String configured = System.getProperty(PROPERTY, System.getenv("GCKPI_CHROMIUM"));
    Path binary = Path.of(configured == null || configured.isBlank()
        ? "/usr/bin/chromium" : configured);
    if (!Files.isExecutable(binary)) {
      throw new IllegalStateException(
          "the dashboard test needs Chromium and there is none at " + binary + ": install it"
              + " with `scripts/web-tools.sh --browser` (`make test` does), or name another"
              + " with -D" + PROPERTY + "=PATH");
    }
    return new HeadlessChromium(binary);
  }

  /** The page's DOM, serialized, once it is idle. */
  String dumpDom(URI page) throws IOException, InterruptedException {
    return run(List.of("--dump-dom", page.toString()));
  }

  /** A PNG of the page, once it is idle, in a window of the given size. */
  void screenshot(URI page, Path png, int width, int height)
      throws IOException, InterruptedException {
    Files.createDirectories(png.toAbsolutePath().getParent());
    Files.deleteIfExists(png);
    run(List.of("--window-size=" + width + "," + height,
        "--screenshot=" + png.toAbsolutePath(), page.toString()));
    if (!Files.isRegularFile(png)) {
      throw new IllegalStateException("Chromium wrote no screenshot to " + png);
    }
  }

  /** Runs the browser on a fresh profile; returns what it printed on standard output. */
  private String run(List<String> args) throws IOException, InterruptedException {
    Path work = Files.createTempDirectory("gckpi-chromium");
    try {
      List<String> command = new ArrayList<>();
      command.add(binary.toString());
      command.addAll(FLAGS);
      command.add("--user-data-dir=" + work.resolve("profile"));
      command.addAll(args);
      Path stdout = work.resolve("stdout");
      Path stderr = work.resolve("stderr");
      Process process =
          new ProcessBuilder(command)
              .directory(work.toFile())
              .redirectOutput(stdout.toFile())
              .redirectError(stderr.toFile())
              .start();
      if (!process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly().waitFor();
        throw new IllegalStateException("Chromium did not finish within " + TIMEOUT_SECONDS
            + " s: " + command + "\n" + tail(stderr));
      }
      if (process.exitValue() != 0) {
        throw new IllegalStateException("Chromium exited with " + process.exitValue() + ": "
            + command + "\n" + tail(stderr));
      }
      return Files.readString(stdout, StandardCharsets.UTF_8);
    } finally {
      try (Stream<Path> files = Files.walk(work)) {
        files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
    }
  }

  private static String tail(Path log) throws IOException {
    List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
    return String.join("\n", lines.subList(Math.max(0, lines.size() - 30), lines.size()));
  }
}
