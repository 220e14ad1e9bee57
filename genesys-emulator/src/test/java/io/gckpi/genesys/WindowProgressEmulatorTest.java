package io.gckpi.genesys;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import io.gckpi.genesys.client.ConnectionSettings;
import io.gckpi.genesys.client.GenesysClient;
import io.gckpi.genesys.testing.EmulatorConfig;
import io.gckpi.genesys.testing.GenesysEmulator;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.apache.beam.sdk.transforms.splittabledofn.SplitResult;
import org.apache.beam.sdk.util.CoderUtils;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.junit.runners.JUnit4;

/** The restrictions of the splittable read, checkpointed against the emulator. */
@RunWith(JUnit4.class)
public class WindowProgressEmulatorTest {
  private static final String WINDOW = "2024-01-15T06:00:00Z/2024-01-15T12:00:00Z";

  /**
   * The pager against the emulator with a checkpoint after every step: each residual goes
   * through the restriction coder, as a runner would store it, and resumes. Every page of the job
   * is served once and the ids are exactly the window's.
   */
  @Test
  public void checkpointingAfterEveryPageServesEachPageOnceAndLosesNothing() {
    try (GenesysEmulator emulator =
            GenesysEmulator.builder()
                .config(EmulatorConfig.builder().setConversationsPerDay(2_000)
                    .setMalformedShare(0).build())
                .jobDelay(Duration.ofMillis(10))
                .rateLimitPerMinute(0)
                .start();
        GenesysClient client =
            GenesysClient.create(
                ConnectionSettings.forBaseUrl(emulator.baseUrl())
                    .withCredentials(GenesysEmulator.DEMO_CLIENT_ID,
                        GenesysEmulator.DEMO_CLIENT_SECRET)
                    .withJobPollInterval(Duration.ofMillis(10)))) {
      WindowPager pager =
          new WindowPager(client,
              new WindowPager.Settings(GenesysIO.Mode.JOBS, 50, null, null, 400_000, 3, 0, 1));
      WindowProgress progress = WindowProgress.start(WINDOW);
      List<String> ids = new ArrayList<>();
      int resumes = 0;
      while (!progress.isDone()) {
        ProgressTracker<WindowProgress> tracker = new ProgressTracker<>(progress, true);
        WindowPager.Step step = pager.advance(tracker.currentRestriction());
        assertTrue(tracker.tryClaim(step.next()));
        step.conversations().forEach(c -> ids.add(c.conversation().conversationId()));
        SplitResult<WindowProgress> split = tracker.trySplit(0);
        progress = split == null ? tracker.currentRestriction()
            : CoderUtils.clone(WindowProgress.Coder.INSTANCE, split.getResidual());
        resumes++;
      }
      Set<String> truth = emulator.dataset().idsStartingIn(Interval.parse(WINDOW));
      assertEquals("no id twice", ids.size(), new HashSet<>(ids).size());
      assertEquals(truth, new HashSet<>(ids));
      String jobId = progress.jobIds().get(0);
      assertEquals(1, progress.jobIds().size());
      assertTrue("the window must span several pages", progress.pages() > 3);
      assertEquals(progress.pages(), emulator.stats().pagesServed(jobId));
      assertEquals(progress.pages() + 1, resumes);
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }
}
