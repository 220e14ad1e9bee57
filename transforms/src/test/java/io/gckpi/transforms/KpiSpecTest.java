package io.gckpi.transforms;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;
import org.junit.runner.RunWith;
import org.junit.runners.JUnit4;

@RunWith(JUnit4.class)
public class KpiSpecTest {
  @Rule public final TemporaryFolder folder = new TemporaryFolder();

  private String refusal(String yaml) throws Exception {
    Path file = folder.newFile().toPath();
    Files.writeString(file, yaml);
    return assertThrows(KpiSpecException.class, () -> KpiSpecLoader.load(file.toString())).getMessage();
  }

  @Test
  public void theExampleIsTheSeedsSpec() {
    KpiSpec spec = KpiSpecLoader.defaults();
    assertEquals(120_000, spec.slaThresholdMs("any", "voice"));
    assertEquals(1.5, spec.weightMultiplier(3, "voice", null), 0.0);
    assertEquals(1.2, spec.weightMultiplier(1, "voice", null), 0.0);
    assertEquals(1.0, spec.weightMultiplier(2, "voice", null), 0.0);
    assertEquals(
        java.util.List.of("Issue Resolved", "Callback Scheduled"),
        spec.fcr().resolvedWrapUpCodes());
    assertEquals(
        java.util.Set.of("QA_Review", "Training_Simulation", "System_Health"),
        spec.internalQueues());
    assertEquals(3_000, spec.minimumTalkMs());
  }

  @Test
  public void aSpecIsReadThroughBeamFileSystemsWhenItsLocationHasAScheme() throws Exception {
    Path file = folder.newFile("spec.yaml").toPath();
    Files.writeString(file, "zone: Europe/Dublin\nsla:\n  defaultSeconds: 45\n");
    KpiSpec spec = KpiSpecLoader.load(file.toUri().toString());
    assertEquals("Europe/Dublin", spec.zone());
    assertEquals(45_000, spec.slaThresholdMs("q", "voice"));
    String missing =
        assertThrows(
                KpiSpecException.class,
                () -> KpiSpecLoader.load(folder.getRoot().toURI() + "absent.yaml"))
            .getMessage();
    assertThat(missing, containsString("absent.yaml: no such file"));
    String unknownScheme =
        assertThrows(KpiSpecException.class, () -> KpiSpecLoader.load("nosuchfs://bucket/spec.yaml"))
            .getMessage();
    assertThat(unknownScheme, containsString("nosuchfs://bucket/spec.yaml: cannot read"));
  }

  @Test
  public void aGoodSpecRoundTrips() {
    KpiSpec spec =
        KpiSpecLoader.parse(
            "zone: Europe/Dublin\nsla:\n  defaultSeconds: 60\n  byMedia: {chat: 300}\n"
                + "weightedHandleTime:\n  rules:\n    - {mediaType: email, multiplier: 0.5}\n",
            "inline");
    assertEquals(spec, KpiSpecLoader.parse(KpiSpecLoader.toYaml(spec), "round trip"));
    assertEquals(300_000, spec.slaThresholdMs("q", "chat"));
    assertEquals(0.5, spec.weightMultiplier(0, "email", null), 0.0);
  }

  @Test
  public void anUnknownFieldIsNamedWithItsLine() throws Exception {
    String message = refusal("zone: UTC\nsla:\n  defaultSecond: 120\n");
    assertThat(message, containsString(".tmp:3"));
    assertThat(message, containsString("defaultSecond"));
  }

  @Test
  public void aBadValueIsNamedWithItsLineAndField() throws Exception {
    String message =
        refusal("weightedHandleTime:\n  rules:\n    - transfersEqual: 1\n      multiplier: -2\n");
    assertThat(message, containsString(".tmp:4"));
    assertThat(message, containsString("field 'weightedHandleTime.rules[0].multiplier'"));
  }

  @Test
  public void theRefusalCarriesItsLineFieldAndReasonAsValues() {
    String yaml =
        "zone: UTC\n"
            + "weightedHandleTime:\n"
            + "  rules:\n"
            + "    - transfersEqual: 1\n"
            + "      multiplier: 1.1\n"
            + "    - mediaType: chat\n"
            + "      multiplier: 0\n";
    KpiSpecException e =
        assertThrows(KpiSpecException.class, () -> KpiSpecLoader.parse(yaml, "spec.yaml"));
    assertEquals("spec.yaml", e.source());
    assertEquals(7, e.line());
    assertEquals("weightedHandleTime.rules[1].multiplier", e.field());
    assertEquals("every rule needs a positive multiplier, got 0.0", e.reason());
    assertEquals(
        "spec.yaml:7: field 'weightedHandleTime.rules[1].multiplier': every rule needs a"
            + " positive multiplier, got 0.0",
        e.getMessage());

    KpiSpecException wrongShape =
        assertThrows(
            KpiSpecException.class, () -> KpiSpecLoader.parse("zone: UTC\nsla: a: b\n", "s.yaml"));
    assertEquals("sla", wrongShape.field());
    assertThat(wrongShape.reason(), containsString("Cannot construct instance"));
    assertEquals(2, wrongShape.line());

    KpiSpecException top =
        assertThrows(KpiSpecException.class, () -> KpiSpecLoader.parse("\nzone: Mars/Olympus\n", "s"));
    assertEquals("zone", top.field());
    assertEquals(2, top.line());
  }

  @Test
  public void aWrongTypeAndAnUnknownZoneAreNamed() throws Exception {
    assertThat(refusal("filters:\n  minimumTalkSeconds: lots\n"),
        containsString("filters.minimumTalkSeconds"));
    assertThat(refusal("zone: Mars/Olympus\n"), containsString("zone"));
  }
}
