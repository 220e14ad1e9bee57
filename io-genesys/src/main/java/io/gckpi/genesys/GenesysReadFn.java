package io.gckpi.genesys;

import io.gckpi.genesys.client.ClientListener;
import io.gckpi.genesys.client.GenesysApi;
import io.gckpi.genesys.client.GenesysApi.FetchedConversation;
import io.gckpi.genesys.client.GenesysApiFactory;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.beam.sdk.metrics.Counter;
import org.apache.beam.sdk.metrics.Gauge;
import org.apache.beam.sdk.metrics.Metrics;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.values.TupleTag;
import org.checkerframework.checker.nullness.qual.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the bounded and the unbounded read share: one {@link GenesysApi} per DoFn instance, made
 * by the read's {@link GenesysApiFactory} (by default a {@code GenesysClient}, whose rate limiter
 * is shared by every client of the JVM with the same OAuth client), a {@link
 * WindowPager} over it with a {@link PrefetchingPager} ahead of it, the Beam metrics in namespace {@code gckpi.genesys}, and the emission of a
 * claimed step. Time spent waiting on the rate limit goes to Beam's throttling counter so that
 * autoscaling runners see it. Every step is also reported to the read's {@link ReadProgress} in
 * this JVM, which logs on a schedule, and its figures are set as gauges.
 */
abstract class GenesysReadFn<InputT> extends DoFn<InputT, RawConversation> {
  static final TupleTag<RawConversation> CONVERSATIONS = new TupleTag<RawConversation>() {};
  static final TupleTag<FailedWindow> FAILED = new TupleTag<FailedWindow>() {};
  static final TupleTag<WindowManifest> MANIFESTS = new TupleTag<WindowManifest>() {};
  private static final Logger LOG = LoggerFactory.getLogger(GenesysReadFn.class);
  private static final String NAMESPACE = "gckpi.genesys";

  private final GenesysApiFactory apiFactory;
  private final WindowPager.Settings settings;

  private final Counter pages = Metrics.counter(NAMESPACE, "pages");
  private final Counter conversations = Metrics.counter(NAMESPACE, "conversations");
  private final Counter requests = Metrics.counter(NAMESPACE, "requests");
  private final Counter retries = Metrics.counter(NAMESPACE, "retries");
  private final Counter rateLimited = Metrics.counter(NAMESPACE, "http_429");
  private final Counter failedWindows = Metrics.counter(NAMESPACE, "failed_windows");
  private final Counter windowRetries = Metrics.counter(NAMESPACE, "window_retries");
  private final Counter windowsRead = Metrics.counter(NAMESPACE, "windows");
  private final Counter throttlingMs =
      Metrics.counter(Metrics.THROTTLE_TIME_NAMESPACE, Metrics.THROTTLE_TIME_COUNTER_NAME);
  private final Gauge windowsTotal = Metrics.gauge(NAMESPACE, "windows_total");
  private final Gauge windowsDone = Metrics.gauge(NAMESPACE, "windows_done");
  private final Gauge conversationsPerSecond = Metrics.gauge(NAMESPACE, "conversations_per_second");
  private final Gauge secondsLeft = Metrics.gauge(NAMESPACE, "seconds_left");

  /** Names the read for {@link ReadProgress}: every deserialized copy of this DoFn shares it. */
  private final String readId = UUID.randomUUID().toString();
  /** The read's windows; -1 for the unbounded read, which has no total. */
  private final long totalWindows;
  private final Duration progressInterval;

  protected transient GenesysApi client;
  protected transient WindowPager pager;
  protected transient PrefetchingPager prefetching;
  private transient ReadProgress progress;

  GenesysReadFn(GenesysIO.Read read) {
    this.apiFactory = read.apiFactory();
    this.settings = WindowPager.Settings.of(read);
    this.totalWindows = read.getUnbounded() ? -1 : read.windows().size();
    this.progressInterval = read.getProgressInterval();
  }

  int pageSize() {
    return settings.pageSize();
  }

  /**
   * What the API client counted since the DoFn last reported it. The client's calls run on the
   * prefetching threads, where Beam has no metrics container (a counter incremented there is
   * lost), so they count here and the DoFn's own thread moves the counts into the Beam counters
   * ({@link #reportClientCounts}) with each step it emits and at the end of each bundle.
   */
  private transient ClientCounts clientCounts;

  private static final class ClientCounts {
    final AtomicLong requests = new AtomicLong();
    final AtomicLong retries = new AtomicLong();
    final AtomicLong rateLimited = new AtomicLong();
    final AtomicLong throttlingMs = new AtomicLong();
    final AtomicLong pages = new AtomicLong();
  }

  @Setup
  public void setup() {
    ClientCounts counts = new ClientCounts();
    clientCounts = counts;
    client =
        apiFactory.create(
            new ClientListener() {
              @Override
              public void onRequest(String method, String path) {
                counts.requests.incrementAndGet();
              }

              @Override
              public void onRetry(int status, int attempt, long sleepMillis) {
                counts.retries.incrementAndGet();
              }

              @Override
              public void onRateLimited(long retryAfterMillis) {
                counts.rateLimited.incrementAndGet();
              }

              @Override
              public void onThrottled(long millis) {
                counts.throttlingMs.addAndGet(millis);
              }

              @Override
              public void onPage(int count) {
                counts.pages.incrementAndGet();
              }
            });
    pager = new WindowPager(client, settings);
    prefetching = new PrefetchingPager(pager, readId);
    progress = ReadProgress.forRead(readId, totalWindows, progressInterval);
    progress.open();
  }

  /** Moves what the client counted into the Beam counters; on the DoFn's thread only. */
  void reportClientCounts() {
    ClientCounts counts = clientCounts;
    if (counts == null) {
      return;
    }
    requests.inc(counts.requests.getAndSet(0));
    retries.inc(counts.retries.getAndSet(0));
    rateLimited.inc(counts.rateLimited.getAndSet(0));
    throttlingMs.inc(counts.throttlingMs.getAndSet(0));
    pages.inc(counts.pages.getAndSet(0));
  }

  @FinishBundle
  public void finishBundle() {
    reportClientCounts();
  }

  @Teardown
  public void teardown() {
    if (prefetching != null) {
      prefetching.close();
    }
    if (progress != null) {
      progress.close();
    }
    if (client != null) {
      client.close();
    }
  }

  /**
   * Emits what a step read, after its progress was claimed: its conversations, each with the
   * window holding its start, the windows that failed with it, and when the span ends with it,
   * a manifest per window read. With {@code timestamped} every output carries event time (a
   * conversation its start, a manifest or failure its window's start), as the unbounded read
   * needs.
   */
  void emit(WindowPager.Step step, MultiOutputReceiver out, boolean timestamped) {
    emit(step, out, timestamped, false);
  }

  /** As above; with {@code holdOpen}, conversations still open are not emitted. */
  void emit(WindowPager.Step step, MultiOutputReceiver out, boolean timestamped,
      boolean holdOpen) {
    WindowProgress next = step.next();
    long now = System.currentTimeMillis();
    for (WindowPager.Kept kept : step.conversations()) {
      FetchedConversation c = kept.conversation();
      if (holdOpen && c.conversationEnd() == null) {
        continue;
      }
      Instant start = c.conversationStart() == null
          ? Interval.parse(kept.windowId()).start()
          : c.conversationStart();
      Instant end = c.conversationEnd();
      RawConversation raw =
          RawConversation.create(
              c.conversationId() == null ? "" : c.conversationId(),
              c.rawJson(),
              kept.windowId(),
              start.toEpochMilli(),
              end == null ? null : end.toEpochMilli(),
              now);
      output(out.get(CONVERSATIONS), raw, start, timestamped);
    }
    conversations.inc(step.conversations().size());
    if (step.retry()) {
      windowRetries.inc();
    }
    for (FailedWindow failure : step.failures()) {
      failedWindows.inc();
      output(out.get(FAILED), failure, Interval.parse(failure.getWindowId()).start(),
          timestamped);
    }
    int read = 0;
    if (next.isDone()) {
      for (WindowManifest manifest : next.manifests(settings.mode())) {
        windowsRead.inc();
        read++;
        output(out.get(MANIFESTS), manifest, Interval.parse(manifest.getWindowId()).start(),
            timestamped);
      }
      LOG.info("Span {}: {} conversations in {} pages ({} part(s), {} job(s)), {} of {} windows"
              + " read", next.spanId(), next.conversations(), next.pages(), next.partsRead(),
          next.jobIds().size(), read, next.windowIds().size());
    }
    reportProgress(step.conversations().size(), read, step.failures().size());
    reportClientCounts();
  }

  /** Tells this JVM's reporter of the read what the step finished; sets the gauges from it. */
  private void reportProgress(int stepConversations, int windowsReadNow, int windowsFailedNow) {
    progress.record(stepConversations, windowsReadNow, windowsFailedNow);
    if (totalWindows >= 0) {
      windowsTotal.set(totalWindows);
    }
    windowsDone.set(progress.windowsDone());
    conversationsPerSecond.set(Math.round(progress.conversationsPerSecond()));
    Duration left = progress.timeLeft();
    if (left != null) {
      secondsLeft.set(left.toSeconds());
    }
  }

  private static <T> void output(
      OutputReceiver<T> receiver, T value, Instant timestamp, boolean timestamped) {
    if (timestamped) {
      receiver.outputWithTimestamp(value, new org.joda.time.Instant(timestamp.toEpochMilli()));
    } else {
      receiver.output(value);
    }
  }
}
