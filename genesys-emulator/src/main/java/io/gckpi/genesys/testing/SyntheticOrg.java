package io.gckpi.genesys.testing;

import io.gckpi.genesys.client.GenesysApi.ReferenceEntity;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.UUID;

/**
 * The queues, skills, wrap-up codes and agents of the synthetic org. Customer queues take the
 * traffic; the internal queues (QA_Review, Training_Simulation, System_Health) get a trickle so
 * that consumers have something to exclude.
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

  final List<ReferenceEntity> queues = new ArrayList<>();
  final List<ReferenceEntity> customerQueues = new ArrayList<>();
  final List<ReferenceEntity> internalQueues = new ArrayList<>();
  final List<ReferenceEntity> skills = new ArrayList<>();
  final List<ReferenceEntity> wrapUpCodes = new ArrayList<>();
  final List<ReferenceEntity> resolvingCodes = new ArrayList<>();
  final List<ReferenceEntity> users = new ArrayList<>();

  SyntheticOrg(Random random) {
    for (String name : CUSTOMER_QUEUES) {
      ReferenceEntity q = new ReferenceEntity(uuid(random), name);
      queues.add(q);
      customerQueues.add(q);
    }
    for (String name : List.of("QA_Review", "Training_Simulation", "System_Health")) {
      ReferenceEntity q = new ReferenceEntity(uuid(random), name);
      queues.add(q);
      internalQueues.add(q);
    }
    for (String name : SKILLS) {
      skills.add(new ReferenceEntity(uuid(random), name));
    }
    for (String name : RESOLVING_CODES) {
      ReferenceEntity w = new ReferenceEntity(uuid(random), name);
      wrapUpCodes.add(w);
      resolvingCodes.add(w);
    }
    for (String name : OTHER_CODES) {
      wrapUpCodes.add(new ReferenceEntity(uuid(random), name));
    }
    for (int i = 1; i <= AGENTS; i++) {
      users.add(new ReferenceEntity(uuid(random), String.format("Agent %02d", i)));
    }
  }

  boolean isInternal(String queueId) {
    return internalQueues.stream().anyMatch(q -> q.id().equals(queueId));
  }

  String queueName(String queueId) {
    return queues.stream().filter(q -> q.id().equals(queueId)).findFirst().orElseThrow().name();
  }

  static String uuid(Random random) {
    long msb = (random.nextLong() & ~0xF000L) | 0x4000L;
    long lsb = (random.nextLong() & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L;
    return new UUID(msb, lsb).toString();
  }
}
