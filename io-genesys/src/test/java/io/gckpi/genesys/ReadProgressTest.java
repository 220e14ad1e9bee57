package io.gckpi.genesys;

import static org.junit.Assert.assertEquals;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.junit.runners.JUnit4;

/**
 * The progress line, its figures worked by hand, and the reporter's schedule: a line every
 * interval while windows remain, one last line when every window is finished, then silence.
 */
@RunWith(JUnit4.class)
public class ReadProgressTest {

  @Test
  public void theLineGivesWindowsDoneOfTotalConversationsTheRateAndTheTimeLeft() {
    // 6 of 24 windows in 60 s: 10 s a window, 18 to go: 180 s. 1,200 conversations in 60 s: 20/s.
    assertEquals("GenesysIO progress: 6/24 windows (1 failed), 1,200 conversations,"
            + " 20.0 a second, about 3m00s left",
        ReadProgress.describe(6, 1, 24, 1_200, Duration.ofSeconds(60)));
    // Nothing finished yet: no rate of windows, so no time left.
    assertEquals("GenesysIO progress: 0/24 windows, 150 conversations, 15.0 a second",
        ReadProgress.describe(0, 0, 24, 150, Duration.ofSeconds(10)));
    assertEquals("GenesysIO progress: 24/24 windows, 4,800 conversations, 38.4 a second,"
            + " all finished in 2m05s",
        ReadProgress.describe(24, 0, 24, 4_800, Duration.ofSeconds(125)));
    // The unbounded read has no total: reads done and the rate only.
    assertEquals("GenesysIO progress: 3 window reads, 90 conversations, 3.0 a second",
        ReadProgress.describe(3, 0, -1, 90, Duration.ofSeconds(30)));
    assertEquals("1h02m05s", ReadProgress.clockTime(Duration.ofSeconds(3_725)));
    assertEquals("12s", ReadProgress.clockTime(Duration.ofSeconds(12)));
  }

  @Test
  public void theReporterLogsOnItsScheduleAndOnceMoreWhenEveryWindowIsFinished()
      throws Exception {
    AtomicLong nanos = new AtomicLong();
    List<String> lines = new ArrayList<>();
    ReadProgress progress = new ReadProgress(2, Duration.ofMillis(20),
        line -> {
          synchronized (lines) {
            lines.add(line);
          }
        },
        nanos::get);
    progress.open();
    progress.record(10, 1, 0);
    nanos.set(Duration.ofSeconds(10).toNanos());
    String expected =
        "GenesysIO progress: 1/2 windows, 10 conversations, 1.0 a second, about 10s left";
    long deadline = System.currentTimeMillis() + 10_000;
    while (!lastIs(lines, expected) && System.currentTimeMillis() < deadline) {
      Thread.sleep(5);
    }
    assertEquals(expected, last(lines));
    progress.record(5, 0, 1);
    assertEquals("GenesysIO progress: 2/2 windows (1 failed), 15 conversations, 1.5 a second,"
        + " all finished in 10s", last(lines));
    int count = count(lines);
    Thread.sleep(100);
    assertEquals("no line after the last", count, count(lines));
    assertEquals(2, progress.windowsDone());
    assertEquals(15, progress.conversations());
    assertEquals(Duration.ZERO, progress.timeLeft());
    progress.close();
  }

  @Test
  public void aZeroIntervalLogsNothingWhileTheFiguresAreStillKept() throws Exception {
    List<String> lines = new ArrayList<>();
    AtomicLong nanos = new AtomicLong();
    ReadProgress progress = new ReadProgress(1, Duration.ZERO, lines::add, nanos::get);
    progress.open();
    nanos.set(Duration.ofSeconds(4).toNanos());
    progress.record(8, 1, 0);
    progress.close();
    assertEquals(List.of(), lines);
    assertEquals(1, progress.windowsDone());
    assertEquals(2.0, progress.conversationsPerSecond(), 1e-9);
  }

  private static boolean lastIs(List<String> lines, String expected) {
    return expected.equals(last(lines));
  }

  private static String last(List<String> lines) {
    synchronized (lines) {
      return lines.isEmpty() ? null : lines.get(lines.size() - 1);
    }
  }

  private static int count(List<String> lines) {
    synchronized (lines) {
      return lines.size();
    }
  }
}
