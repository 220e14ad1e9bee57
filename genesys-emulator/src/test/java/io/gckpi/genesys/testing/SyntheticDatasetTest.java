package io.gckpi.genesys.testing;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.greaterThan;
import static org.hamcrest.Matchers.not;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import io.gckpi.genesys.model.Conversation;
import io.gckpi.genesys.model.ConversationJson;
import io.gckpi.genesys.model.MalformedConversationException;
import io.gckpi.genesys.model.Participant;
import io.gckpi.genesys.model.Segment;
import io.gckpi.genesys.model.Session;
import io.gckpi.genesys.model.SessionMetric;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;
import org.junit.runner.RunWith;
import org.junit.runners.JUnit4;

@RunWith(JUnit4.class)
public class SyntheticDatasetTest {
  @Rule public TemporaryFolder tmp = new TemporaryFolder();

  private static final EmulatorConfig SMALL =
      EmulatorConfig.builder().setConversationsPerDay(1500).setDays(2).build();

  @Test
  public void sameSeedGivesIdenticalBytesAndAnotherSeedDiffers() throws Exception {
    Path a = tmp.newFile("a.ndjson").toPath();
    Path b = tmp.newFile("b.ndjson").toPath();
    Path c = tmp.newFile("c.ndjson").toPath();
    SyntheticDataset.generate(SMALL).writeConversations(a);
    SyntheticDataset.generate(SMALL).writeConversations(b);
    SyntheticDataset.generate(SMALL.withSeed(7)).writeConversations(c);
    assertTrue(java.util.Arrays.equals(Files.readAllBytes(a), Files.readAllBytes(b)));
    assertFalse(java.util.Arrays.equals(Files.readAllBytes(a), Files.readAllBytes(c)));
    Path ta = tmp.newFile("ta.ndjson").toPath();
    Path tb = tmp.newFile("tb.ndjson").toPath();
    SyntheticDataset.generate(SMALL).writeGroundTruth(ta);
    SyntheticDataset.generate(SMALL).writeGroundTruth(tb);
    assertTrue(java.util.Arrays.equals(Files.readAllBytes(ta), Files.readAllBytes(tb)));
  }

  @Test
  public void everyScenarioAppearsAndMalformedRecordsCarryTheirReason() {
    SyntheticDataset ds = SyntheticDataset.generate(SMALL);
    Map<String, Integer> byScenario = new HashMap<>();
    for (GroundTruth t : ds.groundTruth()) {
      byScenario.merge(t.scenario().replace("+closes-late", ""), 1, Integer::sum);
      if (t.scenario().startsWith("cross-midnight")) {
        assertTrue(t.toString(), t.conversationEndMs() != null
            && t.conversationEndMs() / 86_400_000L > t.conversationStartMs() / 86_400_000L);
      }
      if (t.expectedMalformedReason() == null) {
        continue;
      }
      String reason = t.expectedMalformedReason();
      if (reason.equals(MalformedConversationException.BAD_TIMESTAMP)
          || reason.equals(MalformedConversationException.MISSING_CONVERSATION_ID)) {
        try {
          ConversationJson.parse(ds.rawConversation(t.conversationId()));
          throw new AssertionError("parsed a record meant to be broken: " + t);
        } catch (MalformedConversationException e) {
          assertEquals(reason, e.getReason());
        }
      }
    }
    for (String s :
        List.of("simple", "customer-hold", "conference-hold", "digital-hold", "blind-transfer",
            "consult-transfer", "abandon", "short-talk", "bot-only", "outbound", "open",
            "cross-midnight", "direct", "consult-queue", "agent-returns", "no-answer-wrapup",
            "voicemail", "callback")) {
      assertThat(s, byScenario.getOrDefault(s, 0), greaterThan(0));
    }
    assertThat(ds.groundTruth().stream().filter(GroundTruth::closesLate).count(), greaterThan(0L));
  }

  /**
   * An independent checker: re-derives session metrics from the segments of each parsed
   * conversation and the truth's durations from the segments. Handlers are agent and user
   * participants; a handler session counts one transfer however many of its segments repeat the
   * transfer's disconnectType.
   */
  @Test
  public void sessionMetricsAndTruthAgreeWithTheSegmentsOfEveryConversation() throws Exception {
    SyntheticDataset ds = SyntheticDataset.generate(SMALL);
    int checked = 0;
    int withoutMetrics = 0;
    for (GroundTruth t : ds.groundTruth()) {
      if (t.expectedMalformedReason() != null) {
        continue;
      }
      Conversation c = ConversationJson.parse(ds.rawConversation(t.conversationId()));
      long talk = 0;
      long custHold = 0;
      long sysHold = 0;
      long wrap = 0;
      long wait = 0;
      long dial = 0;
      int transfers = 0;
      long agentHold = 0;
      boolean anyMetric = false;
      for (Participant p : c.getParticipants()) {
        for (Session s : p.getSessions()) {
          Map<String, Long> sums = new HashMap<>();
          int nTransferred = 0;
          for (Segment g : s.getSegments()) {
            if (g.getSegmentEndMs() == null) {
              continue;
            }
            long d = g.getSegmentEndMs() - g.getSegmentStartMs();
            sums.merge(g.getSegmentType(), d, Long::sum);
            if (g.getDisconnectType() != null
                && ConversationGenerator.TRANSFER_DISCONNECTS.contains(g.getDisconnectType())) {
              nTransferred = 1;
            }
          }
          Map<String, Long> metrics = new HashMap<>();
          for (SessionMetric m : s.getMetrics()) {
            anyMetric = true;
            if (!Set.of("tTalk", "tHeld").contains(m.getName())) {
              metrics.put(m.getName(), m.getValue());
            }
          }
          boolean emitted = t.genesysMetrics();
          long sTalk = sums.getOrDefault("interact", 0L);
          long sHold = sums.getOrDefault("hold", 0L);
          long sWrap = sums.getOrDefault("wrapup", 0L);
          long sDial = sums.getOrDefault("dialing", 0L) + sums.getOrDefault("contacting", 0L);
          String purpose = p.getPurpose();
          if (purpose.equals("agent") || purpose.equals("user")) {
            if (emitted) {
              assertEquals(t.toString(), sTalk, (long) metrics.getOrDefault("tTalkComplete", 0L));
              assertEquals(t.toString(), sHold, (long) metrics.getOrDefault("tHeldComplete", 0L));
              assertEquals(t.toString(), sWrap, (long) metrics.getOrDefault("tAcw", 0L));
              long handle = metrics.getOrDefault("tHandle", 0L);
              assertEquals(t.toString(), sTalk + sHold + sWrap + sDial, handle);
              assertEquals(nTransferred, (long) metrics.getOrDefault("nTransferred", 0L));
            }
            talk += sTalk;
            agentHold += sHold;
            wrap += sWrap;
            dial += sDial;
            transfers += nTransferred;
            boolean voice = s.getMediaType().equals("voice") || s.getMediaType().equals("callback");
            for (Segment g : s.getSegments()) {
              if (g.getSegmentType().equals("hold")) {
                long d = g.getSegmentEndMs() - g.getSegmentStartMs();
                if (voice && !g.getConference()) {
                  custHold += d;
                } else {
                  sysHold += d;
                }
              }
            }
          }
          if (purpose.equals("acd")) {
            if (metrics.containsKey("tAcd")) {
              assertEquals(sTalk, (long) metrics.get("tAcd"));
            }
            wait += sTalk;
          }
          if (Set.of("agent", "user", "acd", "ivr").contains(purpose)) {
            sysHold += sums.getOrDefault("system", 0L);
          }
        }
      }
      assertEquals(t.toString(), t.genesysMetrics(), anyMetric);
      withoutMetrics += anyMetric ? 0 : 1;
      assertEquals(t.toString(), t.callerPurpose(), c.getParticipants().get(0).getPurpose());
      assertEquals(t.toString(), t.agentTalkMs(), talk);
      assertEquals(t.toString(), t.customerHoldMs(), custHold);
      assertEquals(t.toString(), t.systemHoldMs(), sysHold);
      assertEquals(t.toString(), t.wrapUpMs(), wrap);
      assertEquals(t.toString(), t.agentHoldMs(), agentHold);
      assertEquals(t.toString(), t.queueWaitMs(), wait);
      assertEquals(t.toString(), t.dialingContactingMs(), dial);
      assertEquals(t.toString(), t.transfers(), transfers);
      checked++;
    }
    assertThat(checked, greaterThan(2900));
    assertThat(withoutMetrics, greaterThan(100));
  }

  /**
   * Generation runs on the calling thread, so its CPU time is what it costs, whatever else the
   * machine is busy with.
   */
  @Test
  public void fiftyThousandConversationsGenerateInSeconds() {
    java.lang.management.ThreadMXBean cpu = java.lang.management.ManagementFactory.getThreadMXBean();
    long t0 = cpu.getCurrentThreadCpuTime();
    SyntheticDataset ds =
        SyntheticDataset.generate(EmulatorConfig.builder().setConversationsPerDay(50_000).build());
    long ms = (cpu.getCurrentThreadCpuTime() - t0) / 1_000_000;
    assertEquals(50_000, ds.groundTruth().size());
    assertThat("generation took " + ms + " ms of CPU", ms < 15_000, equalTo(true));
    assertThat(ds.groundTruth().get(0), not(equalTo(ds.groundTruth().get(1))));
  }
}
