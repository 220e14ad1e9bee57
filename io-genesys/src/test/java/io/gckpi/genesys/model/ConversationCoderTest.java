package io.gckpi.genesys.model;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertSame;
import static org.junit.Assert.assertThrows;

import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.apache.beam.sdk.coders.CoderException;
import org.apache.beam.sdk.testing.CoderProperties;
import org.apache.beam.sdk.util.CoderUtils;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.junit.runners.JUnit4;

/**
 * Every field of the model round trips, whatever its value: null, a word Genesys repeats, a
 * lowercase UUID, an uppercase one, any other text; a conversation sent twice is written once;
 * bytes that are not a conversation are refused.
 */
@RunWith(JUnit4.class)
public class ConversationCoderTest {
  private static final String ID = "e41d40a1-c828-4cd2-8c11-430186fd2eb1";

  private static Conversation everyField(String text) {
    Segment segment =
        Segment.builder()
            .setSegmentStartMs(1_705_312_802_806L)
            .setSegmentEndMs(-1L)
            .setSegmentType("interact")
            .setQueueId(ID)
            .setWrapUpCode(text)
            .setDisconnectType("consultTransfer")
            .setConference(true)
            .setRequestedRoutingSkillIds(List.of(ID, text, ""))
            .build();
    Session session =
        Session.builder()
            .setSessionId(ID.toUpperCase())
            .setMediaType("voice")
            .setDirection("inbound")
            .setAni("tel:+15559925580")
            .setDnis(text)
            .setPeerId(ID)
            .setProvider("Edge")
            .setSelectedAgentId(text)
            .setRequestedRoutings(List.of("Standard", "Bullseye"))
            .setMetrics(List.of(
                SessionMetric.of("tHandle", Long.MAX_VALUE, null),
                SessionMetric.of("nOffered", 1, Long.MIN_VALUE),
                SessionMetric.of(text, 0, 0L)))
            .setSegments(List.of(segment, segment.toBuilder().setSegmentStartMs(null)
                .setSegmentEndMs(null).setQueueId(null).setWrapUpCode(null).setDisconnectType(null)
                .setConference(false).setRequestedRoutingSkillIds(List.of()).build()))
            .build();
    Participant participant =
        Participant.builder()
            .setParticipantId(ID)
            .setParticipantName(text)
            .setPurpose("agent")
            .setUserId(ID)
            .setExternalContactId(text)
            .setSessions(List.of(session, Session.builder().setMediaType(text).build()))
            .build();
    return Conversation.builder()
        .setConversationId(text)
        .setConversationStartMs(0)
        .setConversationEndMs(1_705_312_802_806L)
        .setOriginatingDirection(text)
        .setDivisionIds(List.of(ID, "00000000-0000-4000-8000-000000000001"))
        .setExternalTag(text)
        .setParticipants(List.of(participant, Participant.builder().setPurpose("customer").build()))
        .build();
  }

  @Test
  public void everyFieldRoundTripsWhateverItHolds() throws Exception {
    for (String text : List.of("", "Ägent Ünïcode ✓", ID, ID.toUpperCase(), "interact ",
        "a\"quoted\",text\nwith lines", "x".repeat(70_000),
        "e41d40a1-c828-4cd2-8c11-430186fd2eb", "e41d40a1xc828-4cd2-8c11-430186fd2eb1")) {
      CoderProperties.coderDecodeEncodeEqual(ConversationCoder.of(), everyField(text));
    }
    CoderProperties.coderDecodeEncodeEqual(ConversationCoder.of(),
        Conversation.builder().setConversationId("bare").setConversationStartMs(7).build());
  }

  @Test
  public void aConversationIsWrittenOnceAndItsDecodedCopyKeepsTheBytes() throws Exception {
    Conversation c = everyField("text");
    byte[] first = CoderUtils.encodeToByteArray(ConversationCoder.of(), c);
    byte[] again = CoderUtils.encodeToByteArray(ConversationCoder.of(), c);
    assertArrayEquals(first, again);
    assertSame(c.encoding(), c.encoding());
    Conversation decoded = CoderUtils.decodeFromByteArray(ConversationCoder.of(), first);
    assertEquals(c, decoded);
    assertArrayEquals(first, CoderUtils.encodeToByteArray(ConversationCoder.of(), decoded));
    // A decoded word is the coder's own instance; an id is a string of its own.
    assertSame(ConversationCoder.WORDS.get(ConversationCoder.WORDS.indexOf("interact")),
        decoded.getParticipants().get(0).getSessions().get(0).getSegments().get(0)
            .getSegmentType());
  }

  @Test
  public void bytesThatAreNotAConversationAreRefused() throws Exception {
    byte[] whole = CoderUtils.encodeToByteArray(ConversationCoder.of(), everyField("text"));
    // The length prefix still says the whole length, but the bytes end early.
    byte[] cut = Arrays.copyOf(whole, whole.length - 5);
    assertThrows(CoderException.class,
        () -> CoderUtils.decodeFromByteArray(ConversationCoder.of(), cut));
    // A whole buffer, but one that holds less than a conversation.
    byte[] body = Arrays.copyOfRange(whole, 2, whole.length - 5);
    java.io.ByteArrayOutputStream shorter = new java.io.ByteArrayOutputStream();
    org.apache.beam.sdk.util.VarInt.encode(body.length, shorter);
    shorter.write(body);
    assertThrows(CoderException.class,
        () -> CoderUtils.decodeFromByteArray(ConversationCoder.of(), shorter.toByteArray()));
  }

  /**
   * The fields the coder writes, per model class: a field added to the model fails here until the
   * coder writes it too.
   */
  @Test
  public void theCoderKnowsEveryFieldOfTheModel() {
    Map<String, List<String>> fields = new TreeMap<>();
    for (Class<?> type : List.of(Conversation.class, Participant.class, Session.class,
        Segment.class, SessionMetric.class)) {
      fields.put(type.getSimpleName(), Arrays.stream(type.getDeclaredMethods())
          .filter(m -> Modifier.isAbstract(m.getModifiers()) && m.getParameterCount() == 0
              && m.getName().startsWith("get"))
          .map(Method::getName)
          .sorted()
          .collect(Collectors.toList()));
    }
    assertEquals(
        Map.of(
            "Conversation", List.of("getConversationEndMs", "getConversationId",
                "getConversationStartMs", "getDivisionIds", "getExternalTag",
                "getOriginatingDirection", "getParticipants"),
            "Participant", List.of("getExternalContactId", "getParticipantId",
                "getParticipantName", "getPurpose", "getSessions", "getUserId"),
            "Session", List.of("getAni", "getDirection", "getDnis", "getMediaType", "getMetrics",
                "getPeerId", "getProvider", "getRequestedRoutings", "getSegments",
                "getSelectedAgentId", "getSessionId"),
            "Segment", List.of("getConference", "getDisconnectType", "getQueueId",
                "getRequestedRoutingSkillIds", "getSegmentEndMs", "getSegmentStartMs",
                "getSegmentType", "getWrapUpCode"),
            "SessionMetric", List.of("getEmitDateMs", "getName", "getValue")),
        fields);
  }
}
