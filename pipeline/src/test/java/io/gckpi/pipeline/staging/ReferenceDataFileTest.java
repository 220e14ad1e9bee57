package io.gckpi.pipeline.staging;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import io.gckpi.genesys.client.GenesysApi.ReferenceEntity;
import io.gckpi.genesys.client.ReferenceData;
import io.gckpi.pipeline.dimensions.Dimensions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/** The reference data staged beside the raw files, read back by a --source=raw re-run. */
public class ReferenceDataFileTest {
  @Rule public final TemporaryFolder folder = new TemporaryFolder();

  @Test
  public void theStagedCopyReadsBackFieldForField() throws Exception {
    ReferenceData data =
        new ReferenceData(
            List.of(new ReferenceEntity("q1", "Sales", "d1", "Home", null,
                Instant.parse("2023-09-14T05:13:20.123Z"))),
            List.of(new ReferenceEntity("w1", "Issue Resolved, \"final\"")),
            List.of(new ReferenceEntity("s1", "Spanish", "d1", "Home", "active", null)),
            List.of(new ReferenceEntity("u1", null, null, null, "inactive", null)));
    String staging = folder.newFolder("raw").toString();
    ReferenceDataFile.write(staging, data);
    assertEquals(Dimensions.of(data), ReferenceDataFile.readIfPresent(staging));
  }

  @Test
  public void stagingWithoutReferenceDataHasNone() throws Exception {
    assertEquals(Dimensions.none(),
        ReferenceDataFile.readIfPresent(folder.newFolder("empty").toString()));
  }

  /** Staging written before the dimension tables still names things: names of unknown kind. */
  @Test
  public void anOlderStagingFileGivesItsNames() throws Exception {
    Path staging = folder.newFolder("old").toPath();
    Files.writeString(staging.resolve("reference-names.json"),
        "{\"q1\": \"QA_Review\", \"w1\": \"Issue Resolved\"}");
    Dimensions read = ReferenceDataFile.readIfPresent(staging.toString());
    assertTrue(read.data().isEmpty());
    assertEquals(Map.of("q1", "QA_Review", "w1", "Issue Resolved"), read.namesOfUnknownKind());
  }

  @Test
  public void anUnreadableStagedFileIsACleanError() throws Exception {
    Path staging = folder.newFolder("bad").toPath();
    Files.writeString(staging.resolve(ReferenceDataFile.NAME),
        "{\"queues\": [{\"id\": \"q1\", \"dateModified\": \"last week\"}]}");
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class,
            () -> ReferenceDataFile.readIfPresent(staging.toString()));
    assertTrue(e.getMessage(), e.getMessage().startsWith("the staged reference data "
        + staging.resolve(ReferenceDataFile.NAME) + " is unreadable: "));
  }
}
