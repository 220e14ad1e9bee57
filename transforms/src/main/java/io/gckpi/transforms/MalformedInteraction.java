package io.gckpi.transforms;

import com.google.auto.value.AutoValue;
import io.gckpi.genesys.DefaultSchemaCoder;
import org.apache.beam.sdk.coders.DefaultCoder;
import org.apache.beam.sdk.schemas.AutoValueSchema;
import org.apache.beam.sdk.schemas.annotations.DefaultSchema;
import org.apache.beam.sdk.schemas.annotations.SchemaFieldNumber;

/**
 * A conversation that could not become a timeline. It is kept as a dead-letter row rather than
 * dropped so that read = timelines + malformed + filtered always adds up.
 */
@DefaultSchema(AutoValueSchema.class)
@DefaultCoder(DefaultSchemaCoder.class)
@AutoValue
public abstract class MalformedInteraction {
  public static final String STAGE_PARSE = "parse";
  public static final String STAGE_VALIDATE = "validate";

  /** The conversation id, or "" when the record has none we can read. */
  @SchemaFieldNumber("0")
  public abstract String getConversationId();

  /** A stable reason code, e.g. INVALID_JSON or BAD_TIMESTAMP. */
  @SchemaFieldNumber("1")
  public abstract String getReason();

  /** What was wrong, naming the field and value. */
  @SchemaFieldNumber("2")
  public abstract String getDetail();

  /** Where it was rejected: {@link #STAGE_PARSE} or {@link #STAGE_VALIDATE}. */
  @SchemaFieldNumber("3")
  public abstract String getStage();

  public static MalformedInteraction create(
      String conversationId, String reason, String detail, String stage) {
    return new AutoValue_MalformedInteraction(conversationId, reason, detail, stage);
  }
}
