package io.gckpi.genesys;

import java.util.List;
import org.apache.beam.sdk.coders.CannotProvideCoderException;
import org.apache.beam.sdk.coders.Coder;
import org.apache.beam.sdk.coders.CoderProvider;
import org.apache.beam.sdk.coders.DefaultCoder;
import org.apache.beam.sdk.schemas.NoSuchSchemaException;
import org.apache.beam.sdk.schemas.SchemaRegistry;
import org.apache.beam.sdk.schemas.annotations.DefaultSchema;
import org.apache.beam.sdk.values.TypeDescriptor;

/**
 * Makes a class's {@link DefaultSchema} its default coder: {@code
 * @DefaultCoder(DefaultSchemaCoder.class)} beside {@code @DefaultSchema(AutoValueSchema.class)} on
 * every element class of gckpi but the conversation itself, which has a coder of its own ({@link
 * io.gckpi.genesys.model.ConversationCoder}).
 *
 * <p>Why it is needed: a PCollection's coder is looked up in the {@link
 * org.apache.beam.sdk.coders.CoderRegistry} before the schema registry is asked, and the registry's
 * last resort is {@link org.apache.beam.sdk.coders.SerializableCoder} for any {@link
 * java.io.Serializable} class. The element classes are Serializable (DoFns and tests hold them),
 * so without this annotation every {@code ParDo} output of a conversation, timeline or KPI row was
 * coded with Java serialization. On Flink, which encodes elements between operators, that was
 * the largest single cost of a run; the schema coder is several times cheaper, keeps the fields
 * named for schema transforms ({@code PCollection.hasSchema()} is true), and does the same in
 * pipelines that use gckpi's transforms without knowing about this.
 *
 * <p>{@code @DefaultCoder} takes precedence over every registrar, so {@code setCoder} is never
 * needed for these classes. This class is never instantiated; Beam calls {@link
 * #getCoderProvider()}.
 */
public abstract class DefaultSchemaCoder<T> extends Coder<T> {
  private DefaultSchemaCoder() {}

  /** Called by {@link DefaultCoder}'s registrar. */
  public static CoderProvider getCoderProvider() {
    return new SchemaCoderProvider();
  }

  private static final class SchemaCoderProvider extends CoderProvider {
    @Override
    public <T> Coder<T> coderFor(
        TypeDescriptor<T> type, List<? extends Coder<?>> componentCoders)
        throws CannotProvideCoderException {
      try {
        return SchemaRegistry.createDefault().getSchemaCoder(type);
      } catch (NoSuchSchemaException e) {
        throw new CannotProvideCoderException(
            type + " is annotated @DefaultCoder(DefaultSchemaCoder.class) but has no"
                + " @DefaultSchema",
            e);
      }
    }
  }
}
