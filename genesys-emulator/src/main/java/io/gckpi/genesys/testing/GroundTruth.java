package io.gckpi.genesys.testing;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.auto.value.AutoValue;
import io.gckpi.genesys.DefaultSchemaCoder;
import java.io.Serializable;
import java.util.List;
import org.apache.beam.sdk.coders.DefaultCoder;
import org.apache.beam.sdk.schemas.AutoValueSchema;
import org.apache.beam.sdk.schemas.annotations.DefaultSchema;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * What the generator intended for one conversation, taken from its own plan and never from the
 * JSON it wrote, so a timeline built from the JSON can be checked against it to the millisecond.
 * Handlers are participants of purpose agent or user, callers of purpose customer or external;
 * every duration is a sum over segments of the plan. For open conversations, segments without a
 * segmentEnd contribute nothing to the durations. For {@link #closesLate()} conversations the
 * truth describes the final, closed version.
 */
@AutoValue
@DefaultSchema(AutoValueSchema.class)
@DefaultCoder(DefaultSchemaCoder.class)
public abstract class GroundTruth implements Serializable {
  public abstract String conversationId();

  public abstract long conversationStartMs();

  public abstract @Nullable Long conversationEndMs();

  public abstract String mediaType();

  public abstract String originatingDirection();

  public abstract @Nullable String queueId();

  public abstract @Nullable String entryQueueId();

  public abstract @Nullable String queueName();

  public abstract boolean internalQueue();

  public abstract List<String> skillIds();

  public abstract @Nullable String agentId();

  public abstract boolean answered();

  public abstract boolean abandoned();

  public abstract long queueWaitMs();

  public abstract long agentTalkMs();

  public abstract long customerHoldMs();

  public abstract long systemHoldMs();

  /**
   * Every handler (agent or user) hold segment, customer and system alike; unlike {@link
   * #systemHoldMs()} it leaves out {@code system} segments, so it is the hold that Genesys'
   * tHandle and tHeldComplete count.
   */
  public abstract long agentHoldMs();

  public abstract long wrapUpMs();

  public abstract long dialingContactingMs();

  /**
   * Handler sessions that ended in a transfer-type disconnect, each counted once (Genesys
   * nTransferred), although the wrap-up after a transfer often repeats its disconnectType.
   */
  public abstract int transfers();

  /** Sessions of agent and user participants, answered or not. */
  public abstract int handlerSessions();

  public abstract @Nullable String wrapUpCode();

  public abstract @Nullable String customerKey();

  /** Purpose of the caller's participant: {@code customer} or {@code external}. */
  public abstract String callerPurpose();

  public abstract String scenario();

  /** True when the first fetch of this conversation returns it still open. */
  public abstract boolean closesLate();

  public abstract @Nullable String expectedMalformedReason();

  /** Whether the record carries Genesys' session metrics; older records carry none. */
  public abstract boolean genesysMetrics();

  /** Sum of tAcd in the record; null when it carries no metrics. */
  public abstract @Nullable Long genesysQueueWaitMs();

  /** Sum of tTalkComplete in the record; null when it carries no metrics. */
  public abstract @Nullable Long genesysTalkMs();

  /** Sum of tHeldComplete in the record; null when it carries no metrics. */
  public abstract @Nullable Long genesysHoldMs();

  /** Sum of tAcw in the record; null when it carries no metrics. */
  public abstract @Nullable Long genesysWrapUpMs();

  /** Sum of tHandle in the record; null when it carries no metrics. */
  public abstract @Nullable Long genesysHandleMs();

  /** Sum of nTransferred in the record; null when it carries no metrics. */
  public abstract @Nullable Integer genesysTransfers();

  /**
   * Genesys standard handle time, the sum over handler sessions of tHandle: talk + all handler
   * hold + wrap-up + dialing + contacting.
   */
  public long handleMs() {
    return agentTalkMs() + agentHoldMs() + wrapUpMs() + dialingContactingMs();
  }

  /** Agent handle time: talk + customer hold + wrap-up; system hold counts as latency instead. */
  public long agentHandleMs() {
    return agentTalkMs() + customerHoldMs() + wrapUpMs();
  }

  public boolean open() {
    return conversationEndMs() == null;
  }

  public ObjectNode toJson() {
    ObjectNode n = JsonNodeFactory.instance.objectNode();
    n.put("conversationId", conversationId());
    n.put("conversationStartMs", conversationStartMs());
    n.put("conversationEndMs", conversationEndMs());
    n.put("mediaType", mediaType());
    n.put("originatingDirection", originatingDirection());
    n.put("queueId", queueId());
    n.put("entryQueueId", entryQueueId());
    n.put("queueName", queueName());
    n.put("internalQueue", internalQueue());
    skillIds().forEach(n.putArray("skillIds")::add);
    if (skillIds().isEmpty()) {
      n.putArray("skillIds");
    }
    n.put("agentId", agentId());
    n.put("answered", answered());
    n.put("abandoned", abandoned());
    n.put("queueWaitMs", queueWaitMs());
    n.put("agentTalkMs", agentTalkMs());
    n.put("customerHoldMs", customerHoldMs());
    n.put("systemHoldMs", systemHoldMs());
    n.put("agentHoldMs", agentHoldMs());
    n.put("wrapUpMs", wrapUpMs());
    n.put("dialingContactingMs", dialingContactingMs());
    n.put("transfers", transfers());
    n.put("handlerSessions", handlerSessions());
    n.put("handleMs", handleMs());
    n.put("agentHandleMs", agentHandleMs());
    n.put("wrapUpCode", wrapUpCode());
    n.put("customerKey", customerKey());
    n.put("callerPurpose", callerPurpose());
    n.put("scenario", scenario());
    n.put("closesLate", closesLate());
    n.put("expectedMalformedReason", expectedMalformedReason());
    n.put("genesysMetrics", genesysMetrics());
    n.put("genesysQueueWaitMs", genesysQueueWaitMs());
    n.put("genesysTalkMs", genesysTalkMs());
    n.put("genesysHoldMs", genesysHoldMs());
    n.put("genesysWrapUpMs", genesysWrapUpMs());
    n.put("genesysHandleMs", genesysHandleMs());
    n.put("genesysTransfers", genesysTransfers());
    return n;
  }

  public static Builder builder() {
    return new AutoValue_GroundTruth.Builder();
  }

  /** Builder. */
  @AutoValue.Builder
  public abstract static class Builder {
    public abstract Builder setConversationId(String value);

    public abstract Builder setConversationStartMs(long value);

    public abstract Builder setConversationEndMs(@Nullable Long value);

    public abstract Builder setMediaType(String value);

    public abstract Builder setOriginatingDirection(String value);

    public abstract Builder setQueueId(@Nullable String value);

    public abstract Builder setEntryQueueId(@Nullable String value);

    public abstract Builder setQueueName(@Nullable String value);

    public abstract Builder setInternalQueue(boolean value);

    public abstract Builder setSkillIds(List<String> value);

    public abstract Builder setAgentId(@Nullable String value);

    public abstract Builder setAnswered(boolean value);

    public abstract Builder setAbandoned(boolean value);

    public abstract Builder setQueueWaitMs(long value);

    public abstract Builder setAgentTalkMs(long value);

    public abstract Builder setCustomerHoldMs(long value);

    public abstract Builder setSystemHoldMs(long value);

    public abstract Builder setAgentHoldMs(long value);

    public abstract Builder setWrapUpMs(long value);

    public abstract Builder setDialingContactingMs(long value);

    public abstract Builder setTransfers(int value);

    public abstract Builder setHandlerSessions(int value);

    public abstract Builder setWrapUpCode(@Nullable String value);

    public abstract Builder setCustomerKey(@Nullable String value);

    public abstract Builder setCallerPurpose(String value);

    public abstract Builder setScenario(String value);

    public abstract Builder setClosesLate(boolean value);

    public abstract Builder setExpectedMalformedReason(@Nullable String value);

    public abstract Builder setGenesysMetrics(boolean value);

    public abstract Builder setGenesysQueueWaitMs(@Nullable Long value);

    public abstract Builder setGenesysTalkMs(@Nullable Long value);

    public abstract Builder setGenesysHoldMs(@Nullable Long value);

    public abstract Builder setGenesysWrapUpMs(@Nullable Long value);

    public abstract Builder setGenesysHandleMs(@Nullable Long value);

    public abstract Builder setGenesysTransfers(@Nullable Integer value);

    public abstract GroundTruth build();
  }
}
