package io.gckpi.genesys;

import io.gckpi.genesys.client.ClientListener;
import io.gckpi.genesys.client.ConnectionSettings;
import io.gckpi.genesys.client.GenesysApi.FetchedConversation;
import io.gckpi.genesys.client.GenesysApiException;
import io.gckpi.genesys.client.GenesysClient;
import java.time.Instant;
import org.apache.beam.sdk.metrics.Counter;
import org.apache.beam.sdk.metrics.Metrics;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.values.TupleTag;
import org.checkerframework.checker.nullness.qual.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads one planned window per element with {@link WindowReader}, retrying the whole window up to
 * the attempt limit, and emits its conversations, or a {@link FailedWindow}, plus a manifest.
 * Client events become Beam metrics in namespace {@code gckpi.genesys}, and time spent waiting on
 * the rate limit goes to Beam's throttling counter so that autoscaling runners see it.
 */
class ExtractWindowFn extends DoFn<String, RawConversation> {
  static final TupleTag<RawConversation> CONVERSATIONS = new TupleTag<RawConversation>() {};
  static final TupleTag<FailedWindow> FAILED = new TupleTag<FailedWindow>() {};
  static final TupleTag<WindowManifest> MANIFESTS = new TupleTag<WindowManifest>() {};
  private static final Logger LOG = LoggerFactory.getLogger(ExtractWindowFn.class);
  private static final String NAMESPACE = "gckpi.genesys";

  private final ConnectionSettings connection;
  private final GenesysIO.Mode mode;
  private final int pageSize;
  private final @Nullable String conversationFilters;
  private final @Nullable String segmentFilters;
  private final long resultCap;
  private final int maxAttempts;

  private final Counter pages = Metrics.counter(NAMESPACE, "pages");
  private final Counter conversations = Metrics.counter(NAMESPACE, "conversations");
  private final Counter requests = Metrics.counter(NAMESPACE, "requests");
  private final Counter retries = Metrics.counter(NAMESPACE, "retries");
  private final Counter rateLimited = Metrics.counter(NAMESPACE, "http_429");
  private final Counter failedWindows = Metrics.counter(NAMESPACE, "failed_windows");
  private final Counter windowRetries = Metrics.counter(NAMESPACE, "window_retries");
  private final Counter throttlingMs =
      Metrics.counter(Metrics.THROTTLE_TIME_NAMESPACE, Metrics.THROTTLE_TIME_COUNTER_NAME);

  private transient GenesysClient client;

  ExtractWindowFn(
      ConnectionSettings connection,
      GenesysIO.Mode mode,
      int pageSize,
      @Nullable String conversationFilters,
      @Nullable String segmentFilters,
      long resultCap,
      int maxAttempts) {
    this.connection = connection;
    this.mode = mode;
    this.pageSize = pageSize;
    this.conversationFilters = conversationFilters;
    this.segmentFilters = segmentFilters;
    this.resultCap = resultCap;
    this.maxAttempts = maxAttempts;
  }

  @Setup
  public void setup() {
    client =
        GenesysClient.create(
            connection,
            new ClientListener() {
              @Override
              public void onRequest(String method, String path) {
                requests.inc();
              }

              @Override
              public void onRetry(int status, int attempt, long sleepMillis) {
                retries.inc();
              }

              @Override
              public void onRateLimited(long retryAfterMillis) {
                rateLimited.inc();
              }

              @Override
              public void onThrottled(long millis) {
                throttlingMs.inc(millis);
              }

              @Override
              public void onPage(int count) {
                pages.inc();
              }
            });
  }

  @Teardown
  public void teardown() {
    if (client != null) {
      client.close();
    }
  }

  @ProcessElement
  public void process(@Element String windowId, MultiOutputReceiver out) {
    Interval window = Interval.parse(windowId);
    WindowReader reader =
        new WindowReader(client, mode, pageSize, conversationFilters, segmentFilters, resultCap);
    GenesysApiException last = null;
    for (int attempt = 1; attempt <= maxAttempts; attempt++) {
      try {
        WindowReader.WindowRead read = reader.read(window);
        emit(window, read, out);
        return;
      } catch (GenesysApiException e) {
        last = e;
        if (!e.isRetryable() && e.getStatus() >= 400 && e.getStatus() < 500) {
          break; // a refused request fails the same way again
        }
        if (attempt < maxAttempts) {
          windowRetries.inc();
          LOG.warn("Window {} failed (attempt {} of {}), reading it again: {}", windowId, attempt,
              maxAttempts, e.getMessage());
        }
      }
    }
    failedWindows.inc();
    LOG.error("Window {} failed after every attempt: {}", windowId, last.getMessage());
    out.get(FAILED)
        .output(FailedWindow.create(windowId, String.valueOf(last.getMessage()),
            Math.min(maxAttempts, attemptsOf(last, maxAttempts)), last.getCorrelationId()));
  }

  private static int attemptsOf(GenesysApiException e, int maxAttempts) {
    return !e.isRetryable() && e.getStatus() >= 400 && e.getStatus() < 500 ? 1 : maxAttempts;
  }

  private void emit(Interval window, WindowReader.WindowRead read, MultiOutputReceiver out) {
    long now = System.currentTimeMillis();
    String windowId = window.toString();
    for (FetchedConversation c : read.conversations()) {
      Instant start = c.conversationStart();
      Instant end = c.conversationEnd();
      out.get(CONVERSATIONS)
          .output(
              RawConversation.create(
                  c.conversationId() == null ? "" : c.conversationId(),
                  c.rawJson(),
                  windowId,
                  start == null ? window.start().toEpochMilli() : start.toEpochMilli(),
                  end == null ? null : end.toEpochMilli(),
                  now));
    }
    conversations.inc(read.conversations().size());
    out.get(MANIFESTS)
        .output(
            WindowManifest.create(
                windowId,
                read.pages(),
                read.conversations().size(),
                read.jobIds().isEmpty() ? null : String.join(",", read.jobIds()),
                read.dataAvailability() == null ? null : read.dataAvailability().toEpochMilli(),
                mode.name(),
                read.parts()));
    LOG.info("Window {}: {} conversations in {} pages ({} part(s))", windowId,
        read.conversations().size(), read.pages(), read.parts());
  }
}
