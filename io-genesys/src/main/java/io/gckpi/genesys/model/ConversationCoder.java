package io.gckpi.genesys.model;

import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.beam.sdk.coders.AtomicCoder;
import org.apache.beam.sdk.coders.CoderException;
import org.apache.beam.sdk.coders.CoderProvider;
import org.apache.beam.sdk.coders.CoderProviders;
import org.apache.beam.sdk.util.VarInt;
import org.apache.beam.sdk.values.TypeDescriptor;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * The coder of a {@link Conversation} with its participants, sessions, segments and metrics,
 * written out field by field.
 *
 * <p>Why not the schema coder the other element classes use: a conversation is a tree of some
 * hundred values, and the schema coder turns it into nested rows and back on every encode and
 * decode; runners that encode elements between steps (Flink's batch translation does, between
 * every step that is not chained to the one before) spent more time there than in parsing the
 * record. This coder writes the tree into one buffer and the buffer to the stream in one call,
 * and keeps the buffer on the conversation, so that one sent to several consumers, or received and
 * sent on, is written once; the words Genesys repeats in every record (segment types, purposes, media types, metric names,
 * disconnect types, directions) take a byte, and lowercase UUIDs (every id) sixteen bytes. A
 * decoded word is the same String instance every time, which also keeps the words of many
 * conversations in memory once. A value that is neither is written whole, so every string round
 * trips exactly.
 *
 * <p>The encoding is the field order below: a field added to the model must be added here, in
 * {@link #encode} and {@link #decode} alike ({@code ConversationCoderTest} lists the fields it
 * expects and fails when the model has others).
 */
public final class ConversationCoder extends AtomicCoder<Conversation> {
  private static final ConversationCoder INSTANCE = new ConversationCoder();

  /**
   * Words that stand in every record, coded as their index. Append only: an index, once given,
   * keeps its word.
   */
  static final List<String> WORDS =
      List.of(
          // purposes
          "customer", "external", "acd", "agent", "user", "ivr", "workflow", "voicemail",
          "station", "fax", "dialer", "api",
          // directions
          "inbound", "outbound",
          // media types
          "voice", "callback", "chat", "email", "message", "cobrowse", "video", "screenshare",
          // segment types
          "alert", "contacting", "dialing", "delay", "hold", "interact", "parked", "system",
          "wrapup", "scheduled", "sharing", "unknown",
          // disconnect types
          "transfer", "consultTransfer", "forwardTransfer", "conferenceTransfer", "peer",
          "client", "endpoint", "timeout", "error", "noAnswerTransfer", "notAvailableTransfer",
          "transportFailure", "spam", "uncallable", "other",
          // metric names
          "nOffered", "nTransferred", "nConnected", "nOverSla", "nConsult", "nConsultTransferred",
          "nBlindTransferred", "nError", "nOutbound", "nOutboundAttempted",
          "nOutboundConnected", "tAcd", "tAcw", "tAlert", "tAnswered", "tAbandon", "tAgentResponseTime",
          "tContacting", "tDialing", "tFlowOut", "tHandle", "tHeld", "tHeldComplete", "tIvr",
          "tNotResponding", "tShortAbandon", "tTalk", "tTalkComplete", "tUserResponseTime",
          "tVoicemail", "tWait", "tConnected",
          // providers and the like
          "Edge", "PureCloud Messaging", "PureCloud Email", "Genesys Cloud");

  private static final Map<String, Integer> WORD_INDEX = new HashMap<>();
  private static final int MAX_WORD_LENGTH =
      WORDS.stream().mapToInt(String::length).max().orElse(0);

  static {
    for (int i = 0; i < WORDS.size(); i++) {
      WORD_INDEX.putIfAbsent(WORDS.get(i), i);
    }
    if (WORDS.size() > 255) {
      throw new IllegalStateException("a word's index takes one byte");
    }
  }

  private static final int NULL = 0;
  private static final int WORD = 1;
  private static final int UUID = 2;
  private static final int TEXT = 3;

  public static ConversationCoder of() {
    return INSTANCE;
  }

  /** Called by {@link org.apache.beam.sdk.coders.DefaultCoder}'s registrar. */
  public static CoderProvider getCoderProvider() {
    return CoderProviders.forCoder(TypeDescriptor.of(Conversation.class), INSTANCE);
  }

  private ConversationCoder() {}

  @Override
  public void encode(Conversation c, OutputStream out) throws IOException {
    byte[] bytes = c.encoding();
    if (bytes == null) {
      bytes = bytesOf(c);
      c.encoding(bytes);
    }
    VarInt.encode(bytes.length, out);
    out.write(bytes);
  }

  private static byte[] bytesOf(Conversation c) {
    Writer w = new Writer();
    w.string(c.getConversationId());
    w.varLong(c.getConversationStartMs());
    w.nullableLong(c.getConversationEndMs());
    w.string(c.getOriginatingDirection());
    w.strings(c.getDivisionIds());
    w.string(c.getExternalTag());
    w.varLong(c.getParticipants().size());
    for (Participant p : c.getParticipants()) {
      w.string(p.getParticipantId());
      w.string(p.getParticipantName());
      w.string(p.getPurpose());
      w.string(p.getUserId());
      w.string(p.getExternalContactId());
      w.varLong(p.getSessions().size());
      for (Session s : p.getSessions()) {
        w.string(s.getSessionId());
        w.string(s.getMediaType());
        w.string(s.getDirection());
        w.string(s.getAni());
        w.string(s.getDnis());
        w.string(s.getPeerId());
        w.string(s.getProvider());
        w.string(s.getSelectedAgentId());
        w.strings(s.getRequestedRoutings());
        w.varLong(s.getMetrics().size());
        for (SessionMetric m : s.getMetrics()) {
          w.string(m.getName());
          w.varLong(m.getValue());
          w.nullableLong(m.getEmitDateMs());
        }
        w.varLong(s.getSegments().size());
        for (Segment g : s.getSegments()) {
          w.nullableLong(g.getSegmentStartMs());
          w.nullableLong(g.getSegmentEndMs());
          w.string(g.getSegmentType());
          w.string(g.getQueueId());
          w.string(g.getWrapUpCode());
          w.string(g.getDisconnectType());
          w.flag(g.getConference());
          w.strings(g.getRequestedRoutingSkillIds());
        }
      }
    }
    return Arrays.copyOf(w.bytes, w.size);
  }

  @Override
  public Conversation decode(InputStream in) throws IOException {
    byte[] bytes = new byte[VarInt.decodeInt(in)];
    try {
      new DataInputStream(in).readFully(bytes);
    } catch (EOFException e) {
      throw new CoderException("a conversation of " + bytes.length + " bytes ended early", e);
    }
    Reader r = new Reader(bytes);
    Conversation.Builder c = Conversation.builder()
        .setConversationId(r.string())
        .setConversationStartMs(r.varLong())
        .setConversationEndMs(r.nullableLong())
        .setOriginatingDirection(r.string())
        .setDivisionIds(r.strings())
        .setExternalTag(r.string());
    int participants = r.count();
    List<Participant> ps = new ArrayList<>(participants);
    for (int i = 0; i < participants; i++) {
      Participant.Builder p = Participant.builder()
          .setParticipantId(r.string())
          .setParticipantName(r.string())
          .setPurpose(r.string())
          .setUserId(r.string())
          .setExternalContactId(r.string());
      int sessions = r.count();
      List<Session> ss = new ArrayList<>(sessions);
      for (int j = 0; j < sessions; j++) {
        Session.Builder s = Session.builder()
            .setSessionId(r.string())
            .setMediaType(r.string())
            .setDirection(r.string())
            .setAni(r.string())
            .setDnis(r.string())
            .setPeerId(r.string())
            .setProvider(r.string())
            .setSelectedAgentId(r.string())
            .setRequestedRoutings(r.strings());
        int metrics = r.count();
        List<SessionMetric> ms = new ArrayList<>(metrics);
        for (int k = 0; k < metrics; k++) {
          ms.add(SessionMetric.of(r.string(), r.varLong(), r.nullableLong()));
        }
        int segments = r.count();
        List<Segment> gs = new ArrayList<>(segments);
        for (int k = 0; k < segments; k++) {
          gs.add(Segment.builder()
              .setSegmentStartMs(r.nullableLong())
              .setSegmentEndMs(r.nullableLong())
              .setSegmentType(r.string())
              .setQueueId(r.string())
              .setWrapUpCode(r.string())
              .setDisconnectType(r.string())
              .setConference(r.flag())
              .setRequestedRoutingSkillIds(r.strings())
              .build());
        }
        ss.add(s.setMetrics(Collections.unmodifiableList(ms))
            .setSegments(Collections.unmodifiableList(gs))
            .build());
      }
      ps.add(p.setSessions(Collections.unmodifiableList(ss)).build());
    }
    if (r.at != bytes.length) {
      throw new CoderException(
          "a conversation of " + bytes.length + " bytes ended after " + r.at);
    }
    Conversation conversation = c.setParticipants(Collections.unmodifiableList(ps)).build();
    conversation.encoding(bytes);
    return conversation;
  }

  @Override
  public void verifyDeterministic() {}

  /** The bytes of one conversation, grown as needed. */
  private static final class Writer {
    byte[] bytes = new byte[2048];
    int size;

    int reserve(int n) {
      if (size + n > bytes.length) {
        bytes = Arrays.copyOf(bytes, Math.max(bytes.length * 2, size + n));
      }
      int at = size;
      size += n;
      return at;
    }

    void varLong(long value) {
      int at = reserve(10);
      long v = value;
      while ((v & ~0x7FL) != 0) {
        bytes[at++] = (byte) ((v & 0x7F) | 0x80);
        v >>>= 7;
      }
      bytes[at++] = (byte) v;
      size = at;
    }

    void flag(boolean value) {
      int at = reserve(1);
      bytes[at] = (byte) (value ? 1 : 0);
    }

    void nullableLong(@Nullable Long value) {
      flag(value != null);
      if (value != null) {
        varLong(value);
      }
    }

    void strings(List<String> values) {
      varLong(values.size());
      for (String value : values) {
        string(value);
      }
    }

    void string(@Nullable String value) {
      if (value == null) {
        int at = reserve(1);
        bytes[at] = NULL;
        return;
      }
      if (isLowercaseUuid(value)) {
        int at = reserve(17);
        bytes[at++] = UUID;
        for (int i = 0; i < 36; ) {
          if (i == 8 || i == 13 || i == 18 || i == 23) {
            i++;
            continue;
          }
          bytes[at++] = (byte) ((hex(value.charAt(i)) << 4) | hex(value.charAt(i + 1)));
          i += 2;
        }
        return;
      }
      Integer word = value.length() > MAX_WORD_LENGTH ? null : WORD_INDEX.get(value);
      if (word != null) {
        int at = reserve(2);
        bytes[at] = WORD;
        bytes[at + 1] = (byte) (int) word;
      } else {
        byte[] utf8 = value.getBytes(StandardCharsets.UTF_8);
        int at = reserve(1);
        bytes[at] = TEXT;
        varLong(utf8.length);
        at = reserve(utf8.length);
        System.arraycopy(utf8, 0, bytes, at, utf8.length);
      }
    }
  }

  /** Reads one conversation's bytes back. */
  private static final class Reader {
    private static final char[] HEX = "0123456789abcdef".toCharArray();
    final byte[] bytes;
    int at;

    Reader(byte[] bytes) {
      this.bytes = bytes;
    }

    int take(int n) throws CoderException {
      if (at + n > bytes.length) {
        throw new CoderException("a conversation of " + bytes.length + " bytes ended early");
      }
      int from = at;
      at += n;
      return from;
    }

    long varLong() throws CoderException {
      long value = 0;
      for (int shift = 0; shift < 64; shift += 7) {
        byte b = bytes[take(1)];
        value |= (long) (b & 0x7F) << shift;
        if ((b & 0x80) == 0) {
          return value;
        }
      }
      throw new CoderException("a number of more than ten bytes");
    }

    int count() throws CoderException {
      long n = varLong();
      if (n < 0 || n > bytes.length) {
        throw new CoderException("a list of " + n + " in " + bytes.length + " bytes");
      }
      return (int) n;
    }

    boolean flag() throws CoderException {
      return bytes[take(1)] != 0;
    }

    @Nullable Long nullableLong() throws CoderException {
      return flag() ? varLong() : null;
    }

    List<String> strings() throws CoderException {
      int n = count();
      List<String> values = new ArrayList<>(n);
      for (int i = 0; i < n; i++) {
        values.add(string());
      }
      return Collections.unmodifiableList(values);
    }

    @Nullable String string() throws CoderException {
      int kind = bytes[take(1)];
      switch (kind) {
        case NULL:
          return null;
        case WORD:
          int word = bytes[take(1)] & 0xFF;
          if (word >= WORDS.size()) {
            throw new CoderException("no word " + word);
          }
          return WORDS.get(word);
        case UUID:
          int from = take(16);
          char[] uuid = new char[36];
          int c = 0;
          for (int i = 0; i < 16; i++) {
            if (i == 4 || i == 6 || i == 8 || i == 10) {
              uuid[c++] = '-';
            }
            int b = bytes[from + i] & 0xFF;
            uuid[c++] = HEX[b >>> 4];
            uuid[c++] = HEX[b & 0x0F];
          }
          return new String(uuid);
        case TEXT:
          int length = count();
          return new String(bytes, take(length), length, StandardCharsets.UTF_8);
        default:
          throw new CoderException("no string kind " + kind);
      }
    }
  }

  private static boolean isLowercaseUuid(String value) {
    if (value.length() != 36) {
      return false;
    }
    for (int i = 0; i < 36; i++) {
      char c = value.charAt(i);
      boolean dash = i == 8 || i == 13 || i == 18 || i == 23;
      if (dash ? c != '-' : hex(c) < 0) {
        return false;
      }
    }
    return true;
  }

  /** The value of a lowercase hex digit, -1 for any other character. */
  private static int hex(char c) {
    if (c >= '0' && c <= '9') {
      return c - '0';
    }
    if (c >= 'a' && c <= 'f') {
      return c - 'a' + 10;
    }
    return -1;
  }
}
