package io.gckpi.transforms;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.gckpi.genesys.model.Conversation;
import io.gckpi.genesys.model.ConversationJson;
import io.gckpi.genesys.model.MalformedConversationException;
import java.util.Map;
import org.apache.beam.sdk.metrics.Counter;
import org.apache.beam.sdk.metrics.Metrics;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionTuple;
import org.apache.beam.sdk.values.PInput;
import org.apache.beam.sdk.values.POutput;
import org.apache.beam.sdk.values.PValue;
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
    return new Result(rawJson.getPipeline(), out.get(PARSED), out.get(MALFORMED));
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
        out.get(MALFORMED)
            .output(
                MalformedInteraction.create(
                    bestEffortId(json),
                    e.getReason(),
                    e.getMessage(),
                    MalformedInteraction.STAGE_PARSE));
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
  public static class Result implements POutput {
    private final org.apache.beam.sdk.Pipeline pipeline;
    private final PCollection<Conversation> conversations;
    private final PCollection<MalformedInteraction> malformed;

    Result(
        org.apache.beam.sdk.Pipeline pipeline,
        PCollection<Conversation> conversations,
        PCollection<MalformedInteraction> malformed) {
      this.pipeline = pipeline;
      this.conversations = conversations;
      this.malformed = malformed;
    }

    public PCollection<Conversation> getConversations() {
      return conversations;
    }

    public PCollection<MalformedInteraction> getMalformed() {
      return malformed;
    }

    @Override
    public org.apache.beam.sdk.Pipeline getPipeline() {
      return pipeline;
    }

    @Override
    public Map<TupleTag<?>, PValue> expand() {
      return Map.of(PARSED, conversations, MALFORMED, malformed);
    }

    @Override
    public void finishSpecifyingOutput(
        String transformName, PInput input, PTransform<?, ?> transform) {}
  }
}
