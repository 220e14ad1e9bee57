package io.gckpi.pipeline.privacy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.gckpi.genesys.model.Conversation;
import io.gckpi.genesys.model.Participant;
import io.gckpi.genesys.model.Session;
import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.function.Function;
import java.util.regex.Pattern;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * Replaces the addresses in a conversation detail record by a keyed hash, for orgs that may not
 * keep phone numbers: {@code hmac:} and the 64 hex digits of HMAC-SHA256(key, value).
 *
 * <p>What is hashed: each participant's {@code participantName} and, in each session, {@code
 * ani}, {@code dnis} and the other fields Genesys fills with a phone number, an e-mail address or
 * a person's name ({@value #SESSION_FIELDS_TEXT}). Everything else, ids included, is left as it
 * is.
 *
 * <p>Why keyed and deterministic: the same number gives the same hash under the same key, so a
 * customer is still recognised across conversations and runs (repeat-contact FCR keys on the
 * caller's ani, and the tables join on it), while nobody without the key can test a guessed
 * number against the hash, as anyone could with a plain SHA-256 of the small space of phone
 * numbers. A value that is already a hash is left as it is, so hashing twice (a re-run over
 * staging written with the flag) changes nothing.
 *
 * <p>Not thread-safe (it holds a {@link Mac}); every DoFn instance gets a copy of its own.
 */
public final class AddressHasher implements Serializable {
  /** Where the key comes from when {@code --hashKey} is not given. */
  public static final String KEY_ENVIRONMENT_VARIABLE = "GCKPI_HASH_KEY";

  static final int MIN_KEY_LENGTH = 16;
  static final String PREFIX = "hmac:";
  static final List<String> SESSION_FIELDS =
      List.of("ani", "dnis", "sessionDnis", "remote", "callbackUserName", "callbackNumbers",
          "addressFrom", "addressTo", "addressSelf", "addressOther");
  static final String SESSION_FIELDS_TEXT =
      "sessionDnis, remote, callbackUserName, callbackNumbers, addressFrom, addressTo, "
          + "addressSelf, addressOther";
  private static final Pattern HASHED = Pattern.compile("hmac:[0-9a-f]{64}");
  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static final String ALGORITHM = "HmacSHA256";

  private final byte[] key;
  private transient Mac mac;

  private AddressHasher(byte[] key) {
    this.key = key.clone();
  }

  /** A hasher with this key (UTF-8), which must be at least {@value #MIN_KEY_LENGTH} long. */
  public static AddressHasher withKey(String key) {
    if (key == null || key.length() < MIN_KEY_LENGTH) {
      throw new IllegalArgumentException("--hashKey: the key of --hashAddresses must be at least "
          + MIN_KEY_LENGTH + " characters long");
    }
    return new AddressHasher(key.getBytes(StandardCharsets.UTF_8));
  }

  /**
   * The hasher of a run, or null when {@code --hashAddresses} is off: the key is {@code
   * --hashKey}, else the environment variable {@value #KEY_ENVIRONMENT_VARIABLE}. A run with the
   * flag and no key, or with a key option and no flag, is refused.
   */
  public static @Nullable AddressHasher forRun(
      boolean hashAddresses, @Nullable String keyOption, Function<String, String> environment) {
    if (!hashAddresses) {
      if (keyOption != null) {
        throw new IllegalArgumentException(
            "--hashKey: given without --hashAddresses, so nothing would be hashed");
      }
      return null;
    }
    String key = keyOption != null ? keyOption : environment.apply(KEY_ENVIRONMENT_VARIABLE);
    if (key == null || key.isEmpty()) {
      throw new IllegalArgumentException("--hashAddresses: needs a key, --hashKey=KEY or "
          + KEY_ENVIRONMENT_VARIABLE + " in the environment (at least " + MIN_KEY_LENGTH
          + " characters; keep it secret and the same across runs: another key gives other"
          + " hashes)");
    }
    return withKey(key);
  }

  /** The keyed hash of {@code value}; null stays null and a hash stays as it is. */
  public @Nullable String hash(@Nullable String value) {
    if (value == null || HASHED.matcher(value).matches()) {
      return value;
    }
    if (mac == null) {
      try {
        mac = Mac.getInstance(ALGORITHM);
        mac.init(new SecretKeySpec(key, ALGORITHM));
      } catch (GeneralSecurityException e) {
        throw new IllegalStateException(ALGORITHM + " is part of every Java runtime", e);
      }
    }
    return PREFIX + HexFormat.of().formatHex(mac.doFinal(value.getBytes(StandardCharsets.UTF_8)));
  }

  /**
   * The record as JSON text with its addresses hashed, every other field as it was. Text that is
   * not a JSON object cannot be searched for addresses, so none of it is kept: it becomes a line
   * that is still not JSON (the parse then dead-letters it as before), naming the original's
   * hash.
   */
  public String hashJson(String rawJson) {
    JsonNode root;
    try {
      root = MAPPER.readTree(rawJson);
    } catch (Exception e) {
      root = null;
    }
    if (root == null || !root.isObject()) {
      return "unreadable record " + hash(rawJson);
    }
    for (JsonNode participant : root.path("participants")) {
      if (!participant.isObject()) {
        continue;
      }
      hashField((ObjectNode) participant, "participantName");
      for (JsonNode session : participant.path("sessions")) {
        if (session.isObject()) {
          for (String field : SESSION_FIELDS) {
            hashField((ObjectNode) session, field);
          }
        }
      }
    }
    return root.toString();
  }

  private void hashField(ObjectNode node, String field) {
    JsonNode value = node.get(field);
    if (value == null || value.isNull()) {
      return;
    }
    if (value.isArray()) {
      ArrayNode hashed = MAPPER.createArrayNode();
      value.forEach(item -> hashed.add(item.isNull() ? null : hash(item.asText())));
      node.set(field, hashed);
    } else {
      node.put(field, hash(value.asText()));
    }
  }

  /** The parsed record with the addresses it holds hashed: participant names, ani and dnis. */
  public Conversation hashConversation(Conversation conversation) {
    List<Participant> participants = new ArrayList<>(conversation.getParticipants().size());
    for (Participant participant : conversation.getParticipants()) {
      List<Session> sessions = new ArrayList<>(participant.getSessions().size());
      for (Session session : participant.getSessions()) {
        sessions.add(
            session.toBuilder()
                .setAni(hash(session.getAni()))
                .setDnis(hash(session.getDnis()))
                .build());
      }
      participants.add(
          participant.toBuilder()
              .setParticipantName(hash(participant.getParticipantName()))
              .setSessions(sessions)
              .build());
    }
    return conversation.toBuilder().setParticipants(participants).build();
  }

  /** Never shows the key. */
  @Override
  public String toString() {
    return "AddressHasher{" + ALGORITHM + "}";
  }
}
