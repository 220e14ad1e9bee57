package io.gckpi.genesys.testing;

import static org.junit.Assert.assertTrue;

import io.gckpi.genesys.model.Conversation;
import io.gckpi.genesys.model.ConversationCoder;
import io.gckpi.genesys.model.ConversationJson;
import io.gckpi.genesys.model.MalformedConversationException;
import org.apache.beam.sdk.coders.Coder;
import org.apache.beam.sdk.schemas.SchemaRegistry;
import org.apache.beam.sdk.testing.CoderProperties;
import org.apache.beam.sdk.util.CoderUtils;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.junit.runners.JUnit4;

/**
 * Every conversation of an emulated day (every scenario the generator makes) comes back from the
 * conversation coder equal to itself, and the coder writes it in about half the bytes of the
 * schema coder it replaces.
 */
@RunWith(JUnit4.class)
public class ConversationCoderEmulatorTest {
  @Test
  public void everyConversationOfADayRoundTrips() throws Exception {
    SyntheticDataset day =
        SyntheticDataset.generate(EmulatorConfig.defaults().withConversationsPerDay(3000));
    Coder<Conversation> schema = SchemaRegistry.createDefault().getSchemaCoder(Conversation.class);
    long ours = 0;
    long theirs = 0;
    int checked = 0;
    for (String json : day.rawConversations()) {
      Conversation c;
      try {
        c = ConversationJson.parse(json);
      } catch (MalformedConversationException e) {
        continue; // the generator's malformed records: nothing to code
      }
      CoderProperties.coderDecodeEncodeEqual(ConversationCoder.of(), c);
      ours += CoderUtils.encodeToByteArray(ConversationCoder.of(), c).length;
      theirs += CoderUtils.encodeToByteArray(schema, c).length;
      checked++;
    }
    assertTrue("checked " + checked, checked > 2900);
    assertTrue(ours + " bytes against " + theirs, ours * 10 < theirs * 6);
  }
}
