package io.gckpi.benchmarks;

import java.lang.management.BufferPoolMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The most memory this JVM held at once: heap used plus the direct buffer pool, sampled every
 * 50 ms on a daemon thread. Heap used includes garbage not yet collected, so the figure depends on
 * the heap size and the collector as well as on the program: compare runs made with the same
 * {@code -Xmx}.
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
  private final Thread sampler;

  private PeakMemory() {
    sampler = new Thread(this::sampleUntilInterrupted, "peak-memory");
    sampler.setDaemon(true);
  }

  static PeakMemory start() {
    PeakMemory peakMemory = new PeakMemory();
    peakMemory.sample();
    peakMemory.sampler.start();
    return peakMemory;
  }

  /** Forgets the peak so far (after a warm-up), keeping the current use as the new floor. */
  void reset() {
    peak.set(0);
    sample();
  }

  long peakBytes() {
    sample();
    return peak.get();
  }

  @Override
  public void close() {
    sampler.interrupt();
  }

  private void sampleUntilInterrupted() {
    try {
      while (!Thread.currentThread().isInterrupted()) {
        sample();
        Thread.sleep(INTERVAL_MS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private void sample() {
    long used = memory.getHeapMemoryUsage().getUsed() + (direct == null ? 0 : direct.getMemoryUsed());
    peak.accumulateAndGet(used, Math::max);
  }
}
