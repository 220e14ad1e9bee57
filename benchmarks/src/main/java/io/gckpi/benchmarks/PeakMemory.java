package io.gckpi.benchmarks;

import java.lang.management.BufferPoolMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The most memory this JVM held at once: heap used plus the direct buffer pool, sampled every
 * 50 ms on a daemon thread ({@link #peakBytes}). Heap used includes garbage not yet collected, so
 * that figure follows the collector (one with room waits) and the heap size as much as the
 * program: compare runs made with the same {@code -Xmx}.
 *
 * <p>What a program keeps, its live set, is measured apart ({@link #startCollectingEvery}): the
 * sampler collects garbage itself at an interval and reads the heap right after. The collections
 * cost time, so a run measured so is not a timed run.
 */
final class PeakMemory implements AutoCloseable {
  private static final long INTERVAL_MS = 50;

  private final MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
  private final BufferPoolMXBean direct =
      ManagementFactory.getPlatformMXBeans(BufferPoolMXBean.class).stream()
          .filter(pool -> pool.getName().equals("direct"))
          .findFirst()
          .orElse(null);
  private final AtomicLong peak = new AtomicLong();
  private final AtomicLong peakLive = new AtomicLong();
  private final long collectEveryMs;
  private final Thread sampler;

  private PeakMemory(long collectEveryMs) {
    this.collectEveryMs = collectEveryMs;
    sampler = new Thread(this::sampleUntilInterrupted, "peak-memory");
    sampler.setDaemon(true);
  }

  static PeakMemory start() {
    return started(new PeakMemory(0));
  }

  /** Also collects garbage every {@code interval} and keeps the most heap used right after. */
  static PeakMemory startCollectingEvery(Duration interval) {
    return started(new PeakMemory(interval.toMillis()));
  }

  private static PeakMemory started(PeakMemory peakMemory) {
    peakMemory.sample();
    peakMemory.sampler.start();
    return peakMemory;
  }

  long peakBytes() {
    sample();
    return peak.get();
  }

  /** The most heap used right after a collection, plus direct buffers; 0 when not measured. */
  long peakLiveBytes() {
    if (collectEveryMs > 0) {
      collectAndSample();
    }
    return peakLive.get();
  }

  @Override
  public void close() {
    sampler.interrupt();
  }

  private void sampleUntilInterrupted() {
    long lastCollection = System.currentTimeMillis();
    try {
      while (!Thread.currentThread().isInterrupted()) {
        sample();
        if (collectEveryMs > 0 && System.currentTimeMillis() - lastCollection >= collectEveryMs) {
          collectAndSample();
          lastCollection = System.currentTimeMillis();
        }
        Thread.sleep(INTERVAL_MS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private void sample() {
    peak.accumulateAndGet(used(), Math::max);
  }

  private void collectAndSample() {
    System.gc();
    peakLive.accumulateAndGet(used(), Math::max);
  }

  private long used() {
    return memory.getHeapMemoryUsage().getUsed() + (direct == null ? 0 : direct.getMemoryUsed());
  }
}
