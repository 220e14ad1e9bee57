package io.gckpi.pipeline.influx;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.lessThanOrEqualTo;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;

import io.gckpi.pipeline.testing.RecordingHttpServer;
import io.gckpi.pipeline.testing.RecordingHttpServer.Request;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.apache.beam.sdk.schemas.Schema;
import org.apache.beam.sdk.testing.PAssert;
import org.apache.beam.sdk.testing.TestPipeline;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.transforms.Sum;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.Row;
import org.junit.Rule;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.junit.runners.JUnit4;

/**
 * The transform against InfluxDB's 2.x write API. Debian packages only InfluxDB 1.x (which {@link
 * WriteInfluxLineProtocolIT} writes to for real), so the 2.x path is checked here against a
 * recording HTTP server on loopback: the URL with org, bucket and precision, the token header, and
 * the line protocol body, one point per (hour, skill) after summing the windows.
 */
@RunWith(JUnit4.class)
public class WriteInfluxLineProtocolTest {
  @Rule public final transient TestPipeline pipeline = TestPipeline.create();
  @Rule public final transient RecordingHttpServer server = new RecordingHttpServer();

  private PCollection<Long> write(InfluxSettings settings) {
    return pipeline
        .apply(Create.of(SkillHourTotals.rows()).withRowSchema(SkillHourTotals.SCHEMA))
        .apply(WriteInfluxLineProtocol.STEP_NAME, WriteInfluxLineProtocol.to(settings));
  }

  @Test
  public void version2PostsOnePointPerSkillHourWithTheToken() {
    PCollection<Long> written =
        write(InfluxSettings.v2(server.url(), "acme corp", "contact centre", "t0ken"));
    PAssert.thatSingleton(written.apply(Sum.longsGlobally())).isEqualTo(4L);
    pipeline.run().waitUntilFinish();

    Set<String> lines = new HashSet<>();
    for (Request request : server.requests()) {
      assertEquals("POST", request.method());
      assertEquals("/api/v2/write?org=acme+corp&bucket=contact+centre&precision=s",
          request.pathAndQuery());
      assertEquals("Token t0ken", request.header("Authorization"));
      assertEquals("text/plain; charset=utf-8", request.header("Content-Type"));
      lines.addAll(List.of(request.body().split("\n")));
    }
    assertEquals(SkillHourTotals.lines(), lines);
  }

  @Test
  public void linesArePostedInBatchesOfTheBatchSize() {
    write(InfluxSettings.v2(server.url(), "o", "b", "t").withBatchSize(1));
    pipeline.run().waitUntilFinish();
    List<String> lines = new ArrayList<>();
    for (Request request : server.requests()) {
      String[] body = request.body().split("\n");
      assertThat(body.length, lessThanOrEqualTo(1));
      lines.addAll(List.of(body));
    }
    assertEquals(4, server.requests().size());
    assertEquals(SkillHourTotals.lines(), new HashSet<>(lines));
  }

  @Test
  public void rowsWithoutTheReportFieldsAreRefusedWhenTheStepIsBuilt() {
    Schema report = Schema.builder().addStringField("hourStart").addStringField("skillId").build();
    PCollection<Row> rows = pipeline.apply(Create.empty(report));
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class,
            () -> rows.apply(WriteInfluxLineProtocol.to(InfluxSettings.v2("http://h", "o", "b", "t"))));
    assertThat(e.getMessage(), containsString("conversationCount"));
    pipeline.enableAbandonedNodeEnforcement(false);
  }
}
