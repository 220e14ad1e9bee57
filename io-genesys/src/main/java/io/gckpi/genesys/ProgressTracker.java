package io.gckpi.genesys;

import org.apache.beam.sdk.transforms.splittabledofn.RestrictionTracker;
import org.apache.beam.sdk.transforms.splittabledofn.SplitResult;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * A restriction tracker whose position is the progress itself: {@code tryClaim(next)} asks to move
 * from the current progress to {@code next}, and the DoFn emits what that step read only when the
 * claim succeeds. The step's API call happens before the claim, so a checkpoint that lands
 * between them costs a repeated call, never a lost or repeated emission: the residual starts from
 * exactly the last progress claimed.
 *
 * <p>Only checkpoints are supported ({@code trySplit(0)}): the primary becomes the finished form
 * of what was claimed, the residual everything after it. A page cannot be cut in two, so other
 * fractions are declined, which every runner accepts.
 */
final class ProgressTracker<P extends ProgressTracker.Progress<P>>
    extends RestrictionTracker<P, P> {

  /** A restriction that knows when it is done and what it looks like once finished. */
  interface Progress<P> {
    boolean isDone();

    /** This progress with nothing left to do (the primary of a checkpoint). */
    P finished();
  }

  private final boolean bounded;
  private P current;
  private boolean checkpointed;

  ProgressTracker(P restriction, boolean bounded) {
    this.current = restriction;
    this.bounded = bounded;
  }

  @Override
  public synchronized boolean tryClaim(P next) {
    if (checkpointed || current.isDone()) {
      return false;
    }
    current = next;
    return true;
  }

  @Override
  public synchronized P currentRestriction() {
    return current;
  }

  @Override
  public synchronized @Nullable SplitResult<P> trySplit(double fractionOfRemainder) {
    if (fractionOfRemainder != 0 || checkpointed || current.isDone()) {
      return null;
    }
    P residual = current;
    current = current.finished();
    checkpointed = true;
    return SplitResult.of(current, residual);
  }

  @Override
  public synchronized void checkDone() {
    if (!current.isDone()) {
      throw new IllegalStateException(
          "the read stopped before its restriction was done (last claimed: " + current + ")");
    }
  }

  @Override
  public IsBounded isBounded() {
    return bounded ? IsBounded.BOUNDED : IsBounded.UNBOUNDED;
  }
}
