package io.gckpi.pipeline.influx;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;

import io.gckpi.pipeline.report.AhtBySkillHourlyReport;
import io.gckpi.transforms.AhtBySkillHourly;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.junit.runners.JUnit4;

/** Line protocol lines and escaping, against lines written out by hand. */
@RunWith(JUnit4.class)
public class LineProtocolTest {
  /** 2024-01-15T09:00:00Z. */
  private static final long NINE_AM_MS = 1_705_309_200_000L;

  @Test
  public void aSkillHourIsOnePointAtTheHourStartInSeconds() {
    // 3 handled conversations, 360 s of handle time in all: 120 s each.
    assertEquals(
        "analytics_metrics,skill=billing avg_handle_time=120.0,conversation_count=3i 1705309200",
        point(NINE_AM_MS, "billing", 3, 360_000));
  }

  @Test
  public void theAverageIsTheExactDoubleInPlainNotation() {
    assertEquals(
        "analytics_metrics,skill=s avg_handle_time=33.333333333333336,conversation_count=3i"
            + " 1705309200",
        point(NINE_AM_MS, "s", 3, 100_000));
    assertEquals(
        "analytics_metrics,skill=s avg_handle_time=0.001,conversation_count=1i 1705309200",
        point(NINE_AM_MS, "s", 1, 1));
  }

  @Test
  public void commasSpacesAndEqualsSignsInTheSkillAreEscaped() {
    assertEquals(
        "analytics_metrics,skill=Tier\\ 1\\,\\ EN\\=US avg_handle_time=60.0,conversation_count=2i"
            + " 1705309200",
        point(NINE_AM_MS, "Tier 1, EN=US", 2, 120_000));
  }

  @Test
  public void interactionsWithoutASkillHaveNoSkillTag() {
    assertEquals(
        "analytics_metrics avg_handle_time=45.5,conversation_count=2i 1705309200",
        point(NINE_AM_MS, "", 2, 91_000));
  }

  @Test
  public void namesKeysAndTagValuesEscapeTheirOwnDelimiters() {
    assertEquals("cpu\\ load\\,total=1", LineProtocol.measurement("cpu load,total=1"));
    assertEquals("a\\ b\\=c\\,d", LineProtocol.key("a b=c,d"));
    assertEquals("x\\=\\ y\\,z", LineProtocol.tagValue("x= y,z"));
    // A backslash before an ordinary character is literal and stays as it is.
    assertEquals("C:\\skills\\voice", LineProtocol.tagValue("C:\\skills\\voice"));
    assertEquals("0.00000010", LineProtocol.floatValue(1e-7));
    assertEquals("1000000000000000000000", LineProtocol.floatValue(1e21));
    assertEquals("-5i", LineProtocol.integerValue(-5));
  }

  @Test
  public void valuesTheProtocolCannotCarryAreRefused() {
    assertThrows(IllegalArgumentException.class, () -> LineProtocol.tagValue(""));
    assertThat(
        assertThrows(IllegalArgumentException.class, () -> LineProtocol.tagValue("a\nb"))
            .getMessage(),
        containsString("line break"));
    assertThat(
        assertThrows(IllegalArgumentException.class, () -> LineProtocol.tagValue("ends\\"))
            .getMessage(),
        containsString("backslash"));
    assertThrows(IllegalArgumentException.class, () -> LineProtocol.tagValue("a\\,b"));
    assertThrows(IllegalArgumentException.class, () -> LineProtocol.floatValue(Double.NaN));
    assertThrows(
        IllegalArgumentException.class,
        () -> LineProtocol.floatValue(Double.POSITIVE_INFINITY));
  }

  /** The line of one (hour, skill) with {@code handled} conversations of {@code handleMs} in all. */
  private static String point(long hourStartMs, String skill, long handled, long handleMs) {
    return LineProtocol.ahtPoint(
        AhtBySkillHourlyReport.of(AhtBySkillHourly.create(hourStartMs, skill, handled, handleMs)));
  }
}
