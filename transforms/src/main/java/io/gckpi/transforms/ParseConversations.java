package io.gckpi.transforms;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.gckpi.genesys.model.Conversation;
import io.gckpi.genesys.model.ConversationJson;
import io.gckpi.genesys.model.MalformedConversationException;
import org.apache.beam.sdk.metrics.Counter;
import org.apache.beam.sdk.metrics.Metrics;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionTuple;
import org.apache.beam.sdk.values.TupleTag;
import org.apache.beam.sdk.values.TupleTagList;

/**
 * Types raw conversation JSON with the strict {@link ConversationJson} parser. A record that
 * cannot be typed becomes a {@link MalformedInteraction} at stage "parse" instead of failing the
 * bundle, so one bad line never stops a day's run and is never silently lost.
 */
public class ParseConversations
    extends PTransform<PCollection<String>, ParseConversations.Result> {

  static final TupleTag<Conversation> PARSED = new TupleTag<Conversation>() {};
  static final TupleTag<MalformedInteraction> MALFORMED = new TupleTag<MalformedInteraction>() {};

  public static ParseConversations create() {
    return new ParseConversations();
  }

  @Override
  public Result expand(PCollection<String> rawJson) {
    PCollectionTuple out =
        rawJson.apply(
            "ParseJson",
            ParDo.of(new ParseFn()).withOutputTags(PARSED, TupleTagList.of(MALFORMED)));
    return new Result(out);
  }

  static class ParseFn extends DoFn<String, Conversation> {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private final Counter parsed = Metrics.counter(ParseConversations.class, "parsed");
    private final Counter malformed = Metrics.counter(ParseConversations.class, "malformed");

    @ProcessElement
    public void process(@Element String json, MultiOutputReceiver out) {
      try {
        out.get(PARSED).output(ConversationJson.parse(json));
        parsed.inc();
      } catch (MalformedConversationException e) {
        malformed.inc();
        String id = bestEffortId(json);
        // Without an id, the record's fingerprint keeps two different bad records apart.
        String detail = id.isEmpty() ? e.getMessage() + " (record " + fingerprint(json) + ")"
            : e.getMessage();
        out.get(MALFORMED)
            .output(
                MalformedInteraction.create(id, e.getReason(), detail,
                    MalformedInteraction.STAGE_PARSE));
      }
    }

    /** The first 16 hex digits of the record's SHA-256. */
    static String fingerprint(String json) {
      try {
        byte[] digest = java.security.MessageDigest.getInstance("SHA-256")
            .digest(json.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        return "sha256:" + java.util.HexFormat.of().formatHex(digest, 0, 8);
      } catch (java.security.NoSuchAlgorithmException e) {
        throw new IllegalStateException(e);
      }
    }

    /** The id of a record the strict parser refused, when the JSON is readable enough to say. */
    private static String bestEffortId(String json) {
      try {
        JsonNode id = MAPPER.readTree(json).path("conversationId");
        return id.isTextual() ? id.asText() : "";
      } catch (Exception e) {
        return "";
      }
    }
  }

  /** The typed conversations and the parse dead letters, like Beam's {@code WriteResult}. */
  public static class Result extends TaggedResult {
    Result(PCollectionTuple tuple) {
      super(tuple);
    }

    public PCollection<Conversation> getConversations() {
      return get(PARSED);
    }

    public PCollection<MalformedInteraction> getMalformed() {
      return get(MALFORMED);
    }
  }
}
