package io.gckpi.genesys.testing;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;

/**
 * Runs the emulator standalone ({@code make emulator}) until killed. Options: {@code --port=
 * --seed= --volume= (conversations per day) --days= --start=yyyy-mm-dd --faults=list --truth=file
 * --job-delay-ms= --rate-limit= --settled=true|false --clock=INSTANT --clock-speed=N}. Its
 * counters are on {@code GET /emulator/stats}.
 *
 * <p>{@code --clock} sets the emulator's "now" (its data availability date; default the day after
 * the generated days) and {@code --clock-speed} makes it run that many times faster than real
 * time from the first request that asks for the time (a job's availability date, say: the job,
 * not its launch, starts the clock), so that a streaming job on a cluster sees the day's
 * windows become available one after another ({@link SettableClock#running}).
 */
public final class GenesysEmulatorMain {
  private GenesysEmulatorMain() {}

  public static void main(String[] args) throws Exception {
    EmulatorConfig.Builder config = EmulatorConfig.builder();
    GenesysEmulator.Builder emulator = GenesysEmulator.builder().port(8089);
    String truth = null;
    Instant clockStart = null;
    double clockSpeed = 1;
    for (String arg : args) {
      int eq = arg.indexOf('=');
      if (!arg.startsWith("--") || eq < 0) {
        throw new IllegalArgumentException("Expected --name=value, got " + arg);
      }
      String name = arg.substring(2, eq);
      String value = arg.substring(eq + 1);
      if (value.isEmpty()) {
        continue; // make passes empty variables through
      }
      switch (name) {
        case "port" -> emulator.port(Integer.parseInt(value));
        case "seed" -> config.setSeed(Long.parseLong(value));
        case "volume" -> config.setConversationsPerDay(Integer.parseInt(value));
        case "days" -> config.setDays(Integer.parseInt(value));
        case "start" -> config.setStartDate(LocalDate.parse(value));
        case "faults" -> emulator.faults(Faults.parse(value));
        case "truth" -> truth = value;
        case "job-delay-ms" -> emulator.jobDelay(Duration.ofMillis(Long.parseLong(value)));
        case "rate-limit" -> emulator.rateLimitPerMinute(Integer.parseInt(value));
        case "settled" -> emulator.settled(Boolean.parseBoolean(value));
        case "clock" -> clockStart = Instant.parse(value);
        case "clock-speed" -> clockSpeed = Double.parseDouble(value);
        default ->
            throw new IllegalArgumentException(
                "Unknown option --" + name + "; known: --port --seed --volume --days --start"
                    + " --faults --truth --job-delay-ms --rate-limit --settled --clock --clock-speed");
      }
    }
    if (clockStart != null) {
      emulator.clock(SettableClock.running(clockStart, clockSpeed));
    }
    GenesysEmulator running = emulator.config(config.build()).start();
    Runtime.getRuntime().addShutdownHook(new Thread(running::close));
    if (truth != null) {
      running.dataset().writeGroundTruth(Path.of(truth));
      System.out.println("ground truth written to " + truth);
    }
    System.out.println(
        "Genesys emulator: " + running.dataset().groundTruth().size() + " conversations, client "
            + GenesysEmulator.DEMO_CLIENT_ID + "/" + GenesysEmulator.DEMO_CLIENT_SECRET
            + ", listening on " + running.baseUrl());
    System.out.flush();
    Thread.currentThread().join();
  }
}
