package io.gckpi.transforms;

import java.util.Map;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionTuple;
import org.apache.beam.sdk.values.PInput;
import org.apache.beam.sdk.values.POutput;
import org.apache.beam.sdk.values.PValue;
import org.apache.beam.sdk.values.TupleTag;

/**
 * The multi-output result of a transform with named getters, like Beam's {@code WriteResult}:
 * subclasses expose each tag of the underlying tuple as a typed method.
 */
public abstract class TaggedResult implements POutput {
  private final PCollectionTuple tuple;

  protected TaggedResult(PCollectionTuple tuple) {
    this.tuple = tuple;
  }

  protected <T> PCollection<T> get(TupleTag<T> tag) {
    return tuple.get(tag);
  }

  @Override
  public Pipeline getPipeline() {
    return tuple.getPipeline();
  }

  @Override
  public Map<TupleTag<?>, PValue> expand() {
    return tuple.expand();
  }

  @Override
  public void finishSpecifyingOutput(
      String transformName, PInput input, PTransform<?, ?> transform) {}
}
