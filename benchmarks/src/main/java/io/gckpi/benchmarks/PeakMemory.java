package io.gckpi.benchmarks;

import com.sun.management.GarbageCollectionNotificationInfo;
import java.lang.management.BufferPoolMXBean;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.lang.management.MemoryUsage;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import javax.management.ListenerNotFoundException;
import javax.management.Notification;
import javax.management.NotificationEmitter;
import javax.management.NotificationListener;
import javax.management.openmbean.CompositeData;

/**
 * The most memory this JVM held at once: heap used plus the direct buffer pool, sampled every
 * 50 ms on a daemon thread ({@link #peakBytes}). Heap used includes garbage not yet collected, so
 * that figure follows the collector (one with room waits) and the heap size as much as the
 * program: compare runs made with the same {@code -Xmx}.
 *
 * <p>What a program keeps, its live set, is measured apart ({@link #startCollectingEvery}): the
 * sampler asks for a full collection at an interval, and the heap the collector reports as in use
 * at the end of each full collection (plus the direct buffers then) is the figure. It is read from
 * the collector's own notification, not from the heap after {@code System.gc()} returns: a
 * collection can be put off (a thread inside a JNI critical region holds it), and the heap read
 * then is garbage and all. The collections cost time, so a run measured so is not a timed run.
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

  private final NotificationListener afterFullCollection = this::afterCollection;
  /** The collectors {@link #afterFullCollection} listens to (none unless collecting). */
  private final List<NotificationEmitter> listenedTo = new ArrayList<>();

  private PeakMemory(long collectEveryMs) {
    this.collectEveryMs = collectEveryMs;
    sampler = new Thread(this::sampleUntilInterrupted, "peak-memory");
    sampler.setDaemon(true);
    if (collectEveryMs > 0) {
      for (GarbageCollectorMXBean collector : ManagementFactory.getGarbageCollectorMXBeans()) {
        if (collector instanceof NotificationEmitter emitter) {
          emitter.addNotificationListener(afterFullCollection, null, null);
          listenedTo.add(emitter);
        }
      }
    }
  }

  static PeakMemory start() {
    return started(new PeakMemory(0));
  }

  /**
   * Also asks for a full collection every {@code interval} and keeps the most heap in use at the
   * end of one ({@link #peakLiveBytes}).
   */
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

  /**
   * The most heap in use at the end of a full collection so far, plus direct buffers; 0 when not
   * measured.
   */
  long peakLiveBytes() {
    return peakLive.get();
  }

  @Override
  public void close() {
    sampler.interrupt();
    for (NotificationEmitter emitter : listenedTo) {
      try {
        emitter.removeNotificationListener(afterFullCollection);
      } catch (ListenerNotFoundException e) {
        throw new IllegalStateException("the listener added in the constructor is gone", e);
      }
    }
  }

  /** A full ("major") collection's end: what it left in use is live. */
  private void afterCollection(Notification notification, Object handback) {
    if (!GarbageCollectionNotificationInfo.GARBAGE_COLLECTION_NOTIFICATION.equals(
        notification.getType())) {
      return;
    }
    GarbageCollectionNotificationInfo info =
        GarbageCollectionNotificationInfo.from((CompositeData) notification.getUserData());
    if (!info.getGcAction().contains("major")) {
      return;
    }
    long heap = 0;
    for (MemoryUsage pool : info.getGcInfo().getMemoryUsageAfterGc().values()) {
      heap += pool.getUsed();
    }
    long live = heap + (direct == null ? 0 : direct.getMemoryUsed());
    peakLive.accumulateAndGet(live, Math::max);
  }

  private void sampleUntilInterrupted() {
    long lastCollection = System.currentTimeMillis();
    try {
      while (!Thread.currentThread().isInterrupted()) {
        sample();
        if (collectEveryMs > 0 && System.currentTimeMillis() - lastCollection >= collectEveryMs) {
          System.gc();
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

  private long used() {
    return memory.getHeapMemoryUsage().getUsed() + (direct == null ? 0 : direct.getMemoryUsed());
  }
}
