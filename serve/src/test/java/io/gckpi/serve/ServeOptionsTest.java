package io.gckpi.serve;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import org.junit.Test;
import org.junit.runner.RunWith;
import org.junit.runners.JUnit4;

/** Command-line options of KpiServer. */
@RunWith(JUnit4.class)
public class ServeOptionsTest {
  private static final String URL = "jdbc:postgresql://127.0.0.1:5432/gckpi?password=secret";

  @Test
  public void defaults() {
    ServeOptions options = ServeOptions.parse("--jdbcUrl=" + URL, "--port=");
    assertEquals(8080, options.port());
    assertEquals("127.0.0.1", options.host());
    assertEquals("public", options.jdbcSchema());
    assertEquals(URL, options.jdbcUrl());
  }

  @Test
  public void everyOption() {
    ServeOptions options =
        ServeOptions.parse(
            "--jdbcUrl=" + URL, "--port=9090", "--host=0.0.0.0", "--jdbcUser=u",
            "--jdbcPassword=p", "--jdbcSchema=kpi");
    assertEquals(
        new ServeOptions("0.0.0.0", 9090, URL, "u", "p", "kpi"), options);
    assertFalse(options.toString(), options.toString().contains("secret"));
  }

  @Test
  public void refusesBadOptions() {
    assertMessage("--jdbcUrl", () -> ServeOptions.parse("--port=8080"));
    assertMessage("--port", () -> ServeOptions.parse("--jdbcUrl=" + URL, "--port=http"));
    assertMessage("--port", () -> ServeOptions.parse("--jdbcUrl=" + URL, "--port=70000"));
    assertMessage("--colour", () -> ServeOptions.parse("--jdbcUrl=" + URL, "--colour=red"));
    assertMessage("--name=value", () -> ServeOptions.parse("--jdbcUrl", URL));
  }

  @Test
  public void refusesBadDatabaseSettingsAtStart() {
    assertMessage(
        "--jdbcUrl",
        () -> KpiServer.start(
            ServeOptions.defaults().withPort(0).withJdbc("mysql://x", null, null)));
    assertMessage(
        "--jdbcSchema",
        () -> KpiServer.start(
            ServeOptions.parse("--jdbcUrl=" + URL, "--port=0", "--jdbcSchema=kpi; DROP")));
  }

  private static void assertMessage(String fragment, org.junit.function.ThrowingRunnable call) {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, call);
    assertTrue(e.getMessage(), e.getMessage().contains(fragment));
  }
}
