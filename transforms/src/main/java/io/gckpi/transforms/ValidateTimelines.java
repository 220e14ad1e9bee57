package io.gckpi.transforms;

import io.gckpi.genesys.model.Conversation;
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
 * Applies {@link TimelineValidator}'s sequence rules: a conversation that breaks one becomes a
 * {@link MalformedInteraction} at stage "validate", with the rule's code, instead of a wrong
 * number in every KPI. Open conversations pass.
 */
public class ValidateTimelines extends PTransform<PCollection<Conversation>, ValidateTimelines.Result> {
  private static final TupleTag<Conversation> VALID = new TupleTag<Conversation>() {};
  private static final TupleTag<MalformedInteraction> MALFORMED =
      new TupleTag<MalformedInteraction>() {};

  public static ValidateTimelines create() {
    return new ValidateTimelines();
  }

  @Override
  public Result expand(PCollection<Conversation> conversations) {
    PCollectionTuple out =
        conversations.apply(
            "CheckSequence",
            ParDo.of(new ValidateFn()).withOutputTags(VALID, TupleTagList.of(MALFORMED)));
    out.get(VALID).setCoder(conversations.getCoder());
    return new Result(out);
  }

  static class ValidateFn extends DoFn<Conversation, Conversation> {
    private final Counter malformed = Metrics.counter(ValidateTimelines.class, "malformed");

    @ProcessElement
    public void process(@Element Conversation conversation, MultiOutputReceiver out) {
      TimelineValidator.Violation violation = TimelineValidator.check(conversation);
      if (violation == null) {
        out.get(VALID).output(conversation);
      } else {
        malformed.inc();
        out.get(MALFORMED)
            .output(
                MalformedInteraction.create(
                    conversation.getConversationId(),
                    violation.reason(),
                    violation.detail(),
                    MalformedInteraction.STAGE_VALIDATE));
      }
    }
  }

  /** Conversations that passed and the dead letters of those that did not. */
  public static class Result extends TaggedResult {
    Result(PCollectionTuple tuple) {
      super(tuple);
    }

    public PCollection<Conversation> getValid() {
      return get(VALID);
    }

    public PCollection<MalformedInteraction> getMalformed() {
      return get(MALFORMED);
    }
  }
}
