package io.gckpi.genesys.testing;

import io.gckpi.genesys.client.GenesysApi.ReferenceEntity;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.UUID;

/**
 * The queues, skills, wrap-up codes and agents of the synthetic org. Customer queues take the
 * traffic; the internal queues (QA_Review, Training_Simulation, System_Health) get a trickle so
 * that consumers have something to exclude.
 *
 * <p>Each entity carries the fields the routing and users APIs list: a division (the internal
 * queues sit in a division of their own, everything else in {@code Home}), a {@code
 * dateModified} where Genesys lists one (not for users), and a {@code state} where it lists one
 * (skills and users). The last {@link #INACTIVE_AGENTS} agents are {@code inactive}: they left
 * after the generated days, so their conversations are there but {@code GET /api/v2/users} leaves
 * them out unless asked for their state. These fields are derived from the names, never drawn
 * from the seeded generator, so the conversations are the same with or without them.
 */
final class SyntheticOrg {
  static final List<String> CUSTOMER_QUEUES =
      List.of("Sales", "Support_Tier1", "Support_Tier2", "Billing", "Retention", "Digital_Care");
  static final Set<String> INTERNAL_QUEUES =
      Set.of("QA_Review", "Training_Simulation", "System_Health");
  static final List<String> SKILLS =
      List.of("English", "Spanish", "French", "Billing", "Technical", "VIP", "Claims");
  static final List<String> RESOLVING_CODES =
      List.of("Issue Resolved", "Callback Scheduled", "Sale Completed", "Information Given");
  static final List<String> OTHER_CODES =
      List.of("ININ-WRAP-UP-TIMEOUT", "Escalated", "Wrong Number", "Customer Hung Up");
  static final int AGENTS = 60;
  static final int INACTIVE_AGENTS = 4;
  static final String HOME_DIVISION = "Home";
  static final String QUALITY_DIVISION = "Quality";

  final List<ReferenceEntity> queues = new ArrayList<>();
  final List<ReferenceEntity> customerQueues = new ArrayList<>();
  final List<ReferenceEntity> internalQueues = new ArrayList<>();
  final List<ReferenceEntity> skills = new ArrayList<>();
  final List<ReferenceEntity> wrapUpCodes = new ArrayList<>();
  final List<ReferenceEntity> resolvingCodes = new ArrayList<>();
  final List<ReferenceEntity> users = new ArrayList<>();

  SyntheticOrg(Random random) {
    for (String name : CUSTOMER_QUEUES) {
      ReferenceEntity q = entity(uuid(random), name, HOME_DIVISION, null, true);
      queues.add(q);
      customerQueues.add(q);
    }
    for (String name : List.of("QA_Review", "Training_Simulation", "System_Health")) {
      ReferenceEntity q = entity(uuid(random), name, QUALITY_DIVISION, null, true);
      queues.add(q);
      internalQueues.add(q);
    }
    for (String name : SKILLS) {
      skills.add(entity(uuid(random), name, HOME_DIVISION, "active", true));
    }
    for (String name : RESOLVING_CODES) {
      ReferenceEntity w = entity(uuid(random), name, HOME_DIVISION, null, true);
      wrapUpCodes.add(w);
      resolvingCodes.add(w);
    }
    for (String name : OTHER_CODES) {
      wrapUpCodes.add(entity(uuid(random), name, HOME_DIVISION, null, true));
    }
    for (int i = 1; i <= AGENTS; i++) {
      users.add(entity(uuid(random), String.format("Agent %02d", i), HOME_DIVISION,
          i > AGENTS - INACTIVE_AGENTS ? "inactive" : "active", false));
    }
  }

  boolean isInternal(String queueId) {
    return internalQueues.stream().anyMatch(q -> q.id().equals(queueId));
  }

  String queueName(String queueId) {
    return queues.stream().filter(q -> q.id().equals(queueId)).findFirst().orElseThrow().name();
  }

  /**
   * An entity of the org: its division's id is a name-based UUID, its dateModified (when {@code
   * dated}) a second in the half year before 2024 that its name picks.
   */
  private static ReferenceEntity entity(
      String id, String name, String division, String state, boolean dated) {
    Instant modified = null;
    if (dated) {
      long seconds = Math.floorMod(name.hashCode() * 2_654_435_761L, 183L * 86_400L);
      modified = Instant.parse("2023-07-01T00:00:00Z").plusSeconds(seconds);
    }
    return new ReferenceEntity(id, name, divisionId(division), division, state, modified);
  }

  static String divisionId(String division) {
    return UUID.nameUUIDFromBytes(("division:" + division).getBytes(StandardCharsets.UTF_8))
        .toString();
  }

  static String uuid(Random random) {
    long msb = (random.nextLong() & ~0xF000L) | 0x4000L;
    long lsb = (random.nextLong() & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L;
    return new UUID(msb, lsb).toString();
  }
}
