package io.gckpi.genesys.testing;

import io.gckpi.genesys.Interval;
import io.gckpi.genesys.client.GenesysApi.ReferenceEntity;
import io.gckpi.genesys.model.Conversation;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.zip.GZIPOutputStream;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * A seeded synthetic Genesys org and its conversations, with the ground truth the generator
 * intended for each. Same {@link EmulatorConfig} (seed included) gives byte-identical output:
 * one {@link Random} drives everything, in a fixed order.
 */
public final class SyntheticDataset {
  private static final long DAY_MS = 86_400_000L;

  private final EmulatorConfig config;
  private final SyntheticOrg org;
  private final List<ConversationGenerator.Generated> conversations;
  private final Map<String, ConversationGenerator.Generated> byId = new LinkedHashMap<>();

  private SyntheticDataset(
      EmulatorConfig config, SyntheticOrg org, List<ConversationGenerator.Generated> list) {
    this.config = config;
    this.org = org;
    this.conversations = list;
    for (ConversationGenerator.Generated g : list) {
      byId.put(g.truth().conversationId(), g);
    }
  }

  public static SyntheticDataset generate(EmulatorConfig config) {
    Random random = new Random(config.seed());
    SyntheticOrg org = new SyntheticOrg(random);
    ConversationGenerator generator = new ConversationGenerator(org, config);
    List<ConversationGenerator.Generated> list = new ArrayList<>();
    for (int d = 0; d < config.days(); d++) {
      long dayStart =
          config.startDate().plusDays(d).atTime(LocalTime.MIDNIGHT).toInstant(ZoneOffset.UTC)
              .toEpochMilli();
      for (int i = 0; i < config.conversationsPerDay(); i++) {
        boolean crossMidnight = i % 200 == 199;
        long offset;
        if (crossMidnight) {
          offset = DAY_MS - 1 - random.nextInt(60_000);
        } else if (random.nextDouble() < 0.85) {
          // Busy hours 08:00-18:00 UTC, peaking mid-day.
          double x = (random.nextDouble() + random.nextDouble()) / 2;
          offset = 8 * 3_600_000L + (long) (x * 10 * 3_600_000L);
        } else {
          offset = (long) (random.nextDouble() * DAY_MS);
        }
        list.add(generator.generate(random, dayStart + offset, crossMidnight));
      }
    }
    list.sort(
        Comparator.comparingLong(
                (ConversationGenerator.Generated g) -> g.truth().conversationStartMs())
            .thenComparing(g -> g.truth().conversationId()));
    return new SyntheticDataset(config, org, List.copyOf(list));
  }

  public EmulatorConfig config() {
    return config;
  }

  public List<GroundTruth> groundTruth() {
    return conversations.stream().map(ConversationGenerator.Generated::truth).toList();
  }

  public GroundTruth truth(String conversationId) {
    return generated(conversationId).truth();
  }

  public List<String> rawConversations() {
    return conversations.stream().map(ConversationGenerator.Generated::json).toList();
  }

  public String rawConversation(String conversationId) {
    return generated(conversationId).json();
  }

  /** The JSON the first fetch returns: the open version for closes-late conversations. */
  public String firstFetchConversation(String conversationId) {
    ConversationGenerator.Generated g = generated(conversationId);
    return g.firstFetchJson() != null ? g.firstFetchJson() : g.json();
  }

  /** The typed plan behind a conversation (what the JSON would parse to before any breakage). */
  public Conversation model(String conversationId) {
    return generated(conversationId).model();
  }

  /** Conversations in start order; the emulator serves from this list. */
  List<ConversationGenerator.Generated> generated() {
    return conversations;
  }

  private ConversationGenerator.Generated generated(String id) {
    ConversationGenerator.Generated g = byId.get(id);
    if (g == null) {
      throw new IllegalArgumentException("No generated conversation with id " + id);
    }
    return g;
  }

  public Set<String> idsStartingIn(Interval interval) {
    Set<String> ids = new LinkedHashSet<>();
    long s = interval.start().toEpochMilli();
    long e = interval.end().toEpochMilli();
    for (ConversationGenerator.Generated g : conversations) {
      long start = g.truth().conversationStartMs();
      if (start >= s && start < e) {
        ids.add(g.truth().conversationId());
      }
    }
    return ids;
  }

  /** Ids whose lifetime overlaps the interval (open ones run to infinity): detail-job semantics. */
  public Set<String> idsOverlapping(Interval interval) {
    Set<String> ids = new LinkedHashSet<>();
    for (ConversationGenerator.Generated g : conversations) {
      if (overlaps(g.truth(), interval)) {
        ids.add(g.truth().conversationId());
      }
    }
    return ids;
  }

  static boolean overlaps(GroundTruth t, Interval interval) {
    long s = interval.start().toEpochMilli();
    long e = interval.end().toEpochMilli();
    @Nullable Long end = t.conversationEndMs();
    return t.conversationStartMs() < e && (end == null || end >= s);
  }

  public void writeGroundTruth(Path ndjson) {
    writeLines(ndjson, groundTruth().stream().map(t -> t.toJson().toString()).toList());
  }

  public void writeConversations(Path ndjson) {
    writeLines(ndjson, rawConversations());
  }

  private static void writeLines(Path file, List<String> lines) {
    try (OutputStream raw = Files.newOutputStream(file);
        OutputStream out =
            file.getFileName().toString().endsWith(".gz") ? new GZIPOutputStream(raw) : raw;
        BufferedWriter w =
            new BufferedWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8), 1 << 16)) {
      for (String line : lines) {
        w.write(line);
        w.write('\n');
      }
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot write " + file, e);
    }
  }

  public List<ReferenceEntity> queues() {
    return List.copyOf(org.queues);
  }

  public List<ReferenceEntity> wrapUpCodes() {
    return List.copyOf(org.wrapUpCodes);
  }

  public List<ReferenceEntity> skills() {
    return List.copyOf(org.skills);
  }

  public List<ReferenceEntity> users() {
    return List.copyOf(org.users);
  }
}
