package io.gckpi.genesys;

import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.function.LongSupplier;
import org.checkerframework.checker.nullness.qual.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Progress of one read in this JVM, logged every {@link GenesysIO.Read#withProgressInterval}: the
 * windows finished (read or failed) out of the read's windows, the conversations read, their rate
 * since this JVM's first reader started, and the time left at the rate windows have been
 * finishing. A line looks like {@code GenesysIO progress: 6/24 windows (1 failed), 1,200
 * conversations, 20.0 a second, about 3m00s left}; the last one, once every window is finished,
 * says how long the whole took.
 *
 * <p>There is one reporter per read and JVM ({@link #forRead}), shared by every DoFn instance of
 * the read there, as the rate limiter is shared by the clients of an OAuth client: the DoFns
 * report what they finish, one scheduled thread logs. On a runner with several workers each
 * worker's reporter sees only the windows that worker read, against the read's total, so its
 * windows done, rate and time left are that worker's share; the read's whole progress is in the
 * Beam metrics, whose counters the runner sums over workers ({@code windows},
 * {@code failed_windows}, {@code conversations}). The unbounded read has no total: it reports
 * window reads done (first reads and re-reads) and the rate, without a time left.
 */
final class ReadProgress {
  private static final Logger LOG = LoggerFactory.getLogger(ReadProgress.class);
  private static final ConcurrentMap<String, ReadProgress> BY_READ = new ConcurrentHashMap<>();
  private static final ScheduledExecutorService SCHEDULER =
      Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "genesys-read-progress");
        t.setDaemon(true);
        return t;
      });

  private final long totalWindows;
  private final Duration interval;
  private final Consumer<String> log;
  private final LongSupplier nanoTime;
  private final long startNanos;
  private final AtomicLong windowsRead = new AtomicLong();
  private final AtomicLong windowsFailed = new AtomicLong();
  private final AtomicLong conversations = new AtomicLong();
  private int readers;
  private @Nullable ScheduledFuture<?> schedule;
  private boolean finishedLogged;

  /**
   * A reporter of {@code totalWindows} windows (negative: unbounded, no total) logging every
   * {@code interval} (zero: never) through {@code log}, timed by {@code nanoTime}.
   */
  ReadProgress(long totalWindows, Duration interval, Consumer<String> log, LongSupplier nanoTime) {
    this.totalWindows = totalWindows;
    this.interval = interval;
    this.log = log;
    this.nanoTime = nanoTime;
    this.startNanos = nanoTime.getAsLong();
  }

  /** The reporter of the read {@code readId} in this JVM, made by its first reader. */
  static ReadProgress forRead(String readId, long totalWindows, Duration interval) {
    return BY_READ.computeIfAbsent(
        readId, id -> new ReadProgress(totalWindows, interval, LOG::info, System::nanoTime));
  }

  /** A reader starts: the first one starts the schedule. */
  synchronized void open() {
    readers++;
    if (schedule == null && !interval.isZero() && !finished()) {
      long ms = interval.toMillis();
      // A fixed delay, not a fixed rate: a stalled JVM does not catch up with a burst of lines.
      schedule = SCHEDULER.scheduleWithFixedDelay(this::logNow, ms, ms, TimeUnit.MILLISECONDS);
    }
  }

  /** A reader ends: the last one stops the schedule (the figures stay for a later reader). */
  synchronized void close() {
    readers = Math.max(0, readers - 1);
    if (readers == 0) {
      stopSchedule();
    }
  }

  /** Records a step's conversations, and the windows it finished: read, or failed. */
  void record(int stepConversations, int windowsReadNow, int windowsFailedNow) {
    conversations.addAndGet(stepConversations);
    windowsRead.addAndGet(windowsReadNow);
    windowsFailed.addAndGet(windowsFailedNow);
    if (windowsReadNow + windowsFailedNow > 0 && finished()) {
      logFinished();
    }
  }

  long totalWindows() {
    return totalWindows;
  }

  long windowsDone() {
    return windowsRead.get() + windowsFailed.get();
  }

  long conversations() {
    return conversations.get();
  }

  Duration elapsed() {
    return Duration.ofNanos(nanoTime.getAsLong() - startNanos);
  }

  /** Conversations a second since the reporter started; 0 before any time has passed. */
  double conversationsPerSecond() {
    return rate(conversations(), elapsed());
  }

  /** The time left at the rate windows have finished so far; null without a total or a rate. */
  @Nullable Duration timeLeft() {
    return timeLeft(windowsDone(), totalWindows, elapsed());
  }

  private boolean finished() {
    return totalWindows >= 0 && windowsDone() >= totalWindows;
  }

  private synchronized void logFinished() {
    if (finishedLogged) {
      return;
    }
    finishedLogged = true;
    stopSchedule();
    if (!interval.isZero()) {
      log.accept(line());
    }
  }

  private synchronized void logNow() {
    if (!finishedLogged) {
      log.accept(line());
    }
  }

  private void stopSchedule() {
    if (schedule != null) {
      schedule.cancel(false);
      schedule = null;
    }
  }

  String line() {
    return describe(windowsDone(), windowsFailed.get(), totalWindows, conversations(), elapsed());
  }

  /**
   * The log line for these figures: {@code done} windows finished ({@code failed} of them
   * failed) of {@code total} (negative: unbounded), {@code conversations} read in {@code
   * elapsed}.
   */
  static String describe(
      long done, long failed, long total, long conversations, Duration elapsed) {
    StringBuilder s = new StringBuilder("GenesysIO progress: ");
    s.append(done);
    if (total >= 0) {
      s.append('/').append(total);
    }
    s.append(total >= 0 ? " windows" : " window reads");
    if (failed > 0) {
      s.append(" (").append(failed).append(" failed)");
    }
    s.append(String.format(Locale.ROOT, ", %,d conversations, %.1f a second",
        conversations, rate(conversations, elapsed)));
    if (total >= 0 && done >= total) {
      s.append(", all finished in ").append(clockTime(elapsed));
    } else {
      Duration left = timeLeft(done, total, elapsed);
      if (left != null) {
        s.append(", about ").append(clockTime(left)).append(" left");
      }
    }
    return s.toString();
  }

  private static double rate(long count, Duration elapsed) {
    long ms = elapsed.toMillis();
    return ms <= 0 ? 0 : count * 1000.0 / ms;
  }

  private static @Nullable Duration timeLeft(long done, long total, Duration elapsed) {
    if (total < 0 || done <= 0) {
      return null;
    }
    return Duration.ofMillis(Math.max(0, total - done) * elapsed.toMillis() / done);
  }

  /** {@code 1h02m05s}, {@code 3m00s}, {@code 12s}. */
  static String clockTime(Duration d) {
    long s = d.toSeconds();
    if (s >= 3600) {
      return String.format(Locale.ROOT, "%dh%02dm%02ds", s / 3600, s % 3600 / 60, s % 60);
    }
    if (s >= 60) {
      return String.format(Locale.ROOT, "%dm%02ds", s / 60, s % 60);
    }
    return s + "s";
  }
}
