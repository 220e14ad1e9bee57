package io.gckpi.serve;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.awt.image.BufferedImage;
import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.imageio.ImageIO;
import org.junit.After;
import org.junit.Before;
import org.junit.BeforeClass;
import org.junit.Rule;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.junit.runners.JUnit4;

/**
 * The dashboard in a real browser: KpiServer on a fresh schema filled with known rows, the page at
 * {@code /} opened in headless Chromium, and what it drew read back from the DOM (every chart's
 * {@code <figure>} carries data-series and data-points once drawn) and from a screenshot, kept as
 * {@code target/dashboard.png}.
 *
 * <p>The rows: skills billing and sales every hour from 08:00 to 17:00 on 15 and 16 January 2024,
 * support from 09:00 to 16:00 on the 15th only (20 + 20 + 8 = 48 hourly points, 2 + 2 + 1 = 5
 * daily); queues q1 and q2 (voice) on the 15th, 16th and 17th, q3 (chat) on the first two (8
 * kpi_daily rows).
 */
@RunWith(JUnit4.class)
public class DashboardIT {
  private static final long HOUR = 3_600_000L;
  /** 2024-01-15T00:00:00Z. */
  private static final long JAN_15 = 1_705_276_800_000L;
  private static final String[] SKILLS = {"billing", "sales", "support"};
  private static final String[][] QUEUES = {{"q1", "voice"}, {"q2", "voice"}, {"q3", "chat"}};
  private static final String[] DAYS = {"2024-01-15", "2024-01-16", "2024-01-17"};
  private static final String RANGE = "?start_date=2024-01-15&end_date=2024-01-17";
  /** The page's first three series colours, in the order of the series' names. */
  private static final int[] SERIES_COLOURS = {0x1f77b4, 0xd62728, 0x2ca02c};

  private static HeadlessChromium chromium;

  @Rule public final KpiTestDatabase db = new KpiTestDatabase();
  private KpiServer server;

  @BeforeClass
  public static void findChromium() {
    chromium = HeadlessChromium.find();
  }

  @Before
  public void fillAndStart() throws Exception {
    for (int s = 0; s < SKILLS.length; s++) {
      for (int day = 0; day < 2; day++) {
        for (int hour = 8; hour <= 17; hour++) {
          if (SKILLS[s].equals("support") && (day > 0 || hour < 9 || hour > 16)) {
            continue;
          }
          // AHT rising through the day, a skill 40 s above the one before it.
          long handled = 5 + hour % 4;
          long seconds = 200 + 15L * hour + 40L * s;
          db.component(JAN_15 + (24L * day + hour) * HOUR, SKILLS[s], "w1", handled,
              handled * seconds * 1000);
        }
      }
    }
    for (int q = 0; q < QUEUES.length; q++) {
      for (int d = 0; d < DAYS.length; d++) {
        if (QUEUES[q][0].equals("q3") && d == 2) {
          continue;
        }
        long offered = 100 + 20 * q + 7 * d;
        long answered = 90 + 15 * q + 5 * d;
        long abandoned = 10 + 5 * q + 2 * d;
        long withinSla = 70 + 10 * q + 3 * d;
        db.daily(DAYS[d], QUEUES[q][0], QUEUES[q][1], "w1", offered, answered, abandoned,
            answered, answered * 300_000, answered * 280_000, offered * 20_000, 1, withinSla,
            answered - 5, 2);
      }
    }
    server = KpiServer.start(db.serveOptions());
  }

  @After
  public void stop() {
    server.close();
  }

  private URI page(String query) {
    return server.uri().resolve("/" + query);
  }

  /** The page's DOM once it is idle. */
  private Dom open(String query) throws Exception {
    return new Dom(chromium.dumpDom(page(query)));
  }

  /** The page's DOM, which must say that its charts are drawn. */
  private Dom drawn(String query) throws Exception {
    Dom dom = open(query);
    assertEquals(dom.status(), "ready", dom.body("data-state"));
    return dom;
  }

  @Test
  public void everyChartIsDrawnFromTheApi() throws Exception {
    Dom dom = drawn(RANGE + "&interval=1h");
    assertEquals("48 AHT points, 8 daily KPI rows.", dom.status());
    assertCharts(dom, 3, 48, 3, 8);
    // The pickers offer what the data holds.
    assertEquals(List.of("", "billing", "sales", "support"), dom.options("skill"));
    assertEquals(List.of("", "q1", "q2", "q3"), dom.options("queue"));
  }

  @Test
  public void theAddressChoosesIntervalSkillAndQueue() throws Exception {
    Dom dom = drawn(RANGE + "&interval=1d&skill=sales&queue=q2");
    assertEquals("2 AHT points, 3 daily KPI rows.", dom.status());
    assertCharts(dom, 1, 2, 1, 3);
    // Picking one still lists them all.
    assertEquals(List.of("", "billing", "sales", "support"), dom.options("skill"));
  }

  @Test
  public void anHourlyRangeOfMoreThanAWeekDefaultsToDays() throws Exception {
    assertChart(drawn("?start_date=2024-01-10&end_date=2024-01-20"), "aht-chart", 3, 5);
  }

  @Test
  public void datesWithoutDataSaySo() throws Exception {
    Dom dom = open("?start_date=2023-01-15&end_date=2023-01-17");
    assertEquals("empty", dom.body("data-state"));
    assertEquals("No data between 2023-01-15 and 2023-01-17.", dom.status());
    assertCharts(dom, 0, 0, 0, 0);
  }

  @Test
  public void theApisRefusalIsShown() throws Exception {
    Dom dom = open("?start_date=2024-01-01&end_date=2025-06-01");
    assertEquals("error", dom.body("data-state"));
    assertTrue(dom.status(), dom.status().contains("at most 366 are allowed"));
  }

  @Test
  public void screenshotShowsTheCharts() throws Exception {
    Path png = buildDirectory().resolve("dashboard.png");
    chromium.screenshot(page(RANGE + "&interval=1h"), png, 1280, 900);
    BufferedImage image = ImageIO.read(png.toFile());
    assertEquals(1280, image.getWidth());
    assertEquals(900, image.getHeight());
    Set<Integer> colours = new HashSet<>();
    int[] seriesPixels = new int[SERIES_COLOURS.length];
    for (int y = 0; y < image.getHeight(); y++) {
      for (int x = 0; x < image.getWidth(); x++) {
        int rgb = image.getRGB(x, y) & 0xffffff;
        colours.add(rgb);
        for (int i = 0; i < SERIES_COLOURS.length; i++) {
          if (near(rgb, SERIES_COLOURS[i])) {
            seriesPixels[i]++;
          }
        }
      }
    }
    // A blank or unstyled page has a handful of colours; text alone about a thousand.
    assertTrue(png + ": " + colours.size() + " colours", colours.size() > 1_000);
    // Each series colour in lines, points and bars, well beyond its legend boxes (about 1,900
    // pixels in all four charts together).
    for (int i = 0; i < SERIES_COLOURS.length; i++) {
      assertTrue(png + ": " + seriesPixels[i] + " pixels of #"
          + Integer.toHexString(SERIES_COLOURS[i]), seriesPixels[i] > 2_500);
    }
  }

  /** The AHT chart's series and points, and those of each of the three daily KPI charts. */
  private static void assertCharts(
      Dom dom, int skills, int ahtPoints, int queues, int dailyPoints) {
    assertChart(dom, "aht-chart", skills, ahtPoints);
    assertChart(dom, "volume-chart", queues, dailyPoints);
    assertChart(dom, "service-level-chart", queues, dailyPoints);
    assertChart(dom, "abandon-rate-chart", queues, dailyPoints);
  }

  private static void assertChart(Dom dom, String id, int series, int points) {
    assertEquals(id + " series", String.valueOf(series), dom.figure(id, "data-series"));
    assertEquals(id + " points", String.valueOf(points), dom.figure(id, "data-points"));
  }

  private static boolean near(int rgb, int colour) {
    for (int shift = 0; shift <= 16; shift += 8) {
      if (Math.abs(((rgb >> shift) & 0xff) - ((colour >> shift) & 0xff)) > 12) {
        return false;
      }
    }
    return true;
  }

  /** The module's build directory: where the test classes were compiled to, one level up. */
  private static Path buildDirectory() throws Exception {
    return Path.of(DashboardIT.class.getProtectionDomain().getCodeSource().getLocation().toURI())
        .getParent();
  }

  /** The page as Chromium serialized it, read with patterns: it is the page's own markup. */
  private record Dom(String html) {
    String body(String attribute) {
      return attribute(tag("<body[^>]*>"), attribute);
    }

    String figure(String id, String attribute) {
      return attribute(tag("<figure[^>]*\\bid=\"" + id + "\"[^>]*>"), attribute);
    }

    String status() {
      Matcher m = Pattern.compile("<p id=\"status\"[^>]*>([^<]*)</p>").matcher(html);
      assertTrue("no status line in\n" + html, m.find());
      return m.group(1);
    }

    /** The values of a picker's options, in order. */
    List<String> options(String select) {
      Matcher m =
          Pattern.compile("<select name=\"" + select + "\">(.*?)</select>", Pattern.DOTALL)
              .matcher(html);
      assertTrue("no picker " + select + " in\n" + html, m.find());
      List<String> values = new ArrayList<>();
      Matcher option = Pattern.compile("<option value=\"([^\"]*)\"").matcher(m.group(1));
      while (option.find()) {
        values.add(option.group(1));
      }
      return values;
    }

    private String tag(String pattern) {
      Matcher m = Pattern.compile(pattern).matcher(html);
      assertTrue("no " + pattern + " in\n" + html, m.find());
      return m.group();
    }

    private static String attribute(String tag, String name) {
      Matcher m = Pattern.compile("\\b" + name + "=\"([^\"]*)\"").matcher(tag);
      return m.find() ? m.group(1) : null;
    }
  }
}
