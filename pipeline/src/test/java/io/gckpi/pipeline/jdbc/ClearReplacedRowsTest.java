package io.gckpi.pipeline.jdbc;

import static org.junit.Assert.assertEquals;

import io.gckpi.pipeline.testing.PostgresTestSchema;
import java.util.ArrayList;
import java.util.List;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.apache.beam.sdk.testing.PAssert;
import org.apache.beam.sdk.transforms.Count;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.values.PCollection;
import org.junit.Rule;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.junit.runners.JUnit4;

/**
 * ClearReplacedRows against a real PostgreSQL: the rows of the scopes given go, every other row
 * stays, across more scope values than one delete statement takes; every value is passed on.
 */
@RunWith(JUnit4.class)
public class ClearReplacedRowsTest {
  @Rule public final PostgresTestSchema db = new PostgresTestSchema();

  @Test
  public void deletesTheRowsOfTheGivenConversationsOnly() throws Exception {
    db.execute("CREATE TABLE segments (session_id text, ordinal integer, conversation_id text,"
        + " PRIMARY KEY (session_id, ordinal))");
    // 2,500 conversations of 2 segments each; the odd ones are read again.
    db.execute("INSERT INTO segments SELECT 's-' || c, o, 'c-' || c"
        + " FROM generate_series(1, 2500) c, generate_series(0, 1) o");
    List<String> reRead = new ArrayList<>();
    for (int c = 1; c <= 2500; c += 2) {
      reRead.add("c-" + c);
    }
    reRead.add("c-not-in-the-table");

    Pipeline pipeline = Pipeline.create(PipelineOptionsFactory.create());
    PCollection<String> cleared =
        pipeline
            .apply(Create.of(reRead))
            .apply(ClearReplacedRows.of(db.settings(), "segments", "conversationId"));
    PAssert.that(cleared).containsInAnyOrder(reRead);
    PAssert.thatSingleton(cleared.apply(Count.globally())).isEqualTo(1251L);
    pipeline.run().waitUntilFinish();

    assertEquals(List.of(List.of("2500", "1250", "0")),
        db.query("SELECT count(*), count(DISTINCT conversation_id),"
            + " count(*) FILTER (WHERE substring(conversation_id, 3)::int % 2 = 1)"
            + " FROM segments"));
  }

  @Test(expected = IllegalArgumentException.class)
  public void refusesANameThatIsNotSql() {
    ClearReplacedRows.of(db.settings(), "segments; DROP TABLE x", "conversationId");
  }
}
