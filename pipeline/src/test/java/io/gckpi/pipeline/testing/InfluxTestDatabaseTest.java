package io.gckpi.pipeline.testing;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.junit.Assert.assertThrows;

import org.junit.Test;
import org.junit.runner.RunWith;
import org.junit.runners.JUnit4;

/** An InfluxDB test without a server fails with instructions instead of being skipped. */
@RunWith(JUnit4.class)
public class InfluxTestDatabaseTest {
  @Test
  public void withoutTheUrlPropertyTheRuleFails() {
    String saved = System.getProperty(InfluxTestDatabase.URL_PROPERTY);
    System.clearProperty(InfluxTestDatabase.URL_PROPERTY);
    try {
      IllegalStateException e =
          assertThrows(IllegalStateException.class, () -> new InfluxTestDatabase().before());
      assertThat(e.getMessage(), containsString("-Dgckpi.test.influxUrl"));
      assertThat(e.getMessage(), containsString("scripts/influxdb.sh"));
    } finally {
      if (saved != null) {
        System.setProperty(InfluxTestDatabase.URL_PROPERTY, saved);
      }
    }
  }
}
