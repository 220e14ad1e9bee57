package io.gckpi.genesys;

import io.gckpi.genesys.WindowPager.Outcome;
import io.gckpi.genesys.WindowPager.Step;
import io.gckpi.genesys.WindowProgress.Part;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * Keeps a span's next API steps in flight while the DoFn emits what the last one read, so that
 * the read spends its rate limit on pages instead of waiting: up to {@code jobConcurrency} parts
 * are paged at once (each page of a part is fetched as soon as the previous one is taken, so it
 * arrives while that one is emitted), and in jobs mode the job of the part after them is
 * submitted and polled ahead, so that it is ready when a paged part ends. Finished jobs are
 * deleted in the background, and those still going out when the DoFn instance ends are waited
 * for; a failed delete is logged and the job expires on its own.
 *
 * <p>Every step is still claimed in the restriction before it is emitted, one at a time: {@link
 * #next} hands the DoFn whichever due step finished first, as {@link WindowPager#apply} makes it
 * of the claimed progress, and {@link #claimed} is told once the claim succeeded. What was
 * fetched is kept in this JVM by the read, the part, its job, cursor and attempts until a claim
 * consumes it, so that a checkpoint between a fetch and its claim costs nothing: the residual,
 * read by this or another instance of the DoFn in the same JVM, takes the same answer instead of
 * asking Genesys again. On another JVM the residual fetches it again, which is just as exact.
 */
final class PrefetchingPager implements AutoCloseable {
  private static final Duration DELETE_WAIT = Duration.ofSeconds(30);
  private static final ExecutorService EXECUTOR =
      Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "genesys-prefetch");
        t.setDaemon(true);
        return t;
      });
  /** The outcomes fetched or in flight, by the read and part state they answer. */
  private static final ConcurrentMap<Key, CompletableFuture<Fetched>> FETCHED =
      new ConcurrentHashMap<>();

  /** An outcome and when it arrived, so that the longest waiting is taken first. */
  private record Fetched(Outcome outcome, long arrivedNanos) {}

  /** A part's state within one read: what one fetch answers. */
  record Key(String readId, Part part) {
    static Key of(String readId, Part part) {
      return new Key(readId, part);
    }
  }

  private final WindowPager pager;
  private final String readId;
  private final Set<Key> started = ConcurrentHashMap.newKeySet();
  private final Set<CompletableFuture<Void>> deletes = ConcurrentHashMap.newKeySet();
  private @Nullable Key taken;

  PrefetchingPager(WindowPager pager, String readId) {
    this.pager = pager;
    this.readId = readId;
  }

  WindowPager pager() {
    return pager;
  }

  /**
   * The indexes of the parts whose next steps are due: the first {@code jobConcurrency}, and in
   * jobs mode the one after them while it still needs its job.
   */
  List<Integer> dueParts(WindowProgress progress) {
    List<Integer> due = new ArrayList<>();
    int paged = Math.min(progress.parts().size(), pager.jobConcurrency());
    for (int i = 0; i < paged; i++) {
      due.add(i);
    }
    if (pager.mode() == GenesysIO.Mode.JOBS && paged < progress.parts().size()
        && progress.parts().get(paged).jobId() == null) {
      due.add(paged);
    }
    return due;
  }

  /** Starts the due steps of {@code progress} that are not in flight yet. */
  void prefetch(WindowProgress progress) {
    if (progress.isDone() || pager.needsSizing(progress)) {
      return;
    }
    for (int i : dueParts(progress)) {
      request(progress.parts().get(i));
    }
  }

  private CompletableFuture<Fetched> request(Part part) {
    Key key = Key.of(readId, part);
    return FETCHED.computeIfAbsent(key, k -> {
      started.add(k);
      return CompletableFuture.supplyAsync(
          () -> new Fetched(pager.fetch(part), System.nanoTime()), EXECUTOR);
    });
  }

  /**
   * The next step of {@code progress}: of the due parts whose fetch has finished, the one that
   * finished first (so that no part's cursor waits behind another's), waiting for one when none
   * has. Not yet consumed: {@link #claimed} says the DoFn claimed it.
   */
  Step next(WindowProgress progress) throws InterruptedException {
    if (pager.needsSizing(progress)) {
      taken = null;
      return pager.sizeStep(progress);
    }
    List<Integer> due = dueParts(progress);
    List<CompletableFuture<Fetched>> futures = new ArrayList<>();
    for (int i : due) {
      futures.add(request(progress.parts().get(i)));
    }
    try {
      CompletableFuture.anyOf(futures.toArray(new CompletableFuture<?>[0])).get();
      int first = -1;
      Fetched earliest = null;
      for (int n = 0; n < due.size(); n++) {
        CompletableFuture<Fetched> future = futures.get(n);
        if (future.isDone()) {
          Fetched fetched = future.get();
          if (earliest == null || fetched.arrivedNanos() < earliest.arrivedNanos()) {
            earliest = fetched;
            first = due.get(n);
          }
        }
      }
      if (earliest != null) {
        taken = Key.of(readId, progress.parts().get(first));
        return pager.apply(progress, first, earliest.outcome());
      }
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      if (cause instanceof RuntimeException runtime) {
        forgetFailed(futures);
        throw runtime;
      }
      throw new IllegalStateException("fetching from Genesys failed", cause);
    }
    throw new IllegalStateException("no due part finished");
  }

  private void forgetFailed(List<CompletableFuture<Fetched>> futures) {
    FETCHED.values().removeIf(f -> futures.contains(f) && f.isCompletedExceptionally());
  }

  /**
   * The step {@link #next} gave was claimed: its answer is consumed, the jobs it finished are
   * deleted in the background, and the due steps of the claimed progress are started, so that
   * they are fetched while the DoFn emits this one.
   */
  void claimed(Step step) {
    if (taken != null) {
      FETCHED.remove(taken);
      started.remove(taken);
      taken = null;
    }
    for (String jobId : step.finishedJobIds()) {
      CompletableFuture<Void> delete =
          CompletableFuture.runAsync(() -> pager.deleteQuietly(jobId), EXECUTOR);
      deletes.add(delete);
      delete.whenComplete((ignored, error) -> deletes.remove(delete));
    }
    prefetch(step.next());
  }

  /**
   * The DoFn instance ends: the deletes still going out are waited for (up to {@code
   * DELETE_WAIT}, as its API client closes next), and what it started and nobody took is dropped
   * (a job submitted ahead for a part no claim reached expires on its own).
   */
  @Override
  public void close() {
    try {
      CompletableFuture.allOf(deletes.toArray(new CompletableFuture<?>[0]))
          .get(DELETE_WAIT.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (ExecutionException | TimeoutException e) {
      // Each delete logs its own failure; a job not deleted expires on its own.
    }
    for (Key key : started) {
      CompletableFuture<Fetched> future = FETCHED.remove(key);
      if (future != null && !future.isDone()) {
        future.cancel(true);
      }
    }
    started.clear();
  }

  /** Outcomes held for reads in this JVM; for tests. */
  static int held() {
    return FETCHED.size();
  }
}
