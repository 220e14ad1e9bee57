package io.gckpi.pipeline;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.Assert.assertEquals;

import io.gckpi.genesys.testing.GenesysEmulator;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/**
 * The job's main as a user starts it, in a JVM of its own: a system it cannot use ends the run
 * with exit code 3 and one {@code gckpi: ...} line on stderr that names the system, and neither a
 * stack trace nor the secret it was given.
 */
public class LaunchErrorsIT {
  private static final String SECRET = "s3cret-never-printed";

  @Rule public final TemporaryFolder tmp = new TemporaryFolder();

  /** Exit code and stderr's lines of the job's main with these arguments. */
  private record Launch(int exitCode, List<String> errorLines, String stderr) {}

  private Launch launch(String... args) throws Exception {
    List<String> command = new ArrayList<>(List.of(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-cp", System.getProperty("java.class.path"), KpiPipeline.class.getName(),
        "--output=" + tmp.newFolder()));
    command.addAll(List.of(args));
    File stderr = tmp.newFile();
    Process process = new ProcessBuilder(command)
        .redirectOutput(ProcessBuilder.Redirect.DISCARD)
        .redirectError(stderr)
        .start();
    if (!process.waitFor(5, TimeUnit.MINUTES)) {
      process.destroyForcibly();
      throw new AssertionError("the job did not end within 5 minutes");
    }
    String text = Files.readString(stderr.toPath(), StandardCharsets.UTF_8);
    List<String> gckpiLines = text.lines().filter(l -> l.startsWith("gckpi:")).toList();
    return new Launch(process.exitValue(), gckpiLines, text);
  }

  private static void assertOneLineError(Launch launch, String mustName) {
    assertEquals(launch.stderr(), UnreachableSystemException.EXIT_CODE, launch.exitCode());
    assertEquals(launch.stderr(), 1, launch.errorLines().size());
    assertThat(launch.errorLines().get(0), startsWith("gckpi: "));
    assertThat(launch.errorLines().get(0), containsString(mustName));
    assertThat(launch.stderr(), not(containsString("Exception in thread")));
    assertThat(launch.stderr(), not(containsString("\tat ")));
    assertThat(launch.stderr(), not(containsString(SECRET)));
  }

  @Test
  public void anApiThatRefusesTheCredentialsIsOneLineAndExitCode3() throws Exception {
    try (GenesysEmulator emulator = GenesysEmulator.builder().start()) {
      Launch launch = launch("--source=genesys", "--apiBaseUrl=" + emulator.baseUrl(),
          "--clientId=" + GenesysEmulator.DEMO_CLIENT_ID, "--clientSecret=" + SECRET,
          "--date=2024-01-15");
      assertOneLineError(launch, emulator.baseUrl());
    }
  }

  @Test
  public void anUnreachableDatabaseIsOneLineAndExitCode3() throws Exception {
    Launch launch = launch("--sink=jdbc",
        "--jdbcUrl=jdbc:postgresql://127.0.0.1:1/gckpi?user=gckpi&password=" + SECRET);
    assertOneLineError(launch, "127.0.0.1:1");
  }
}
