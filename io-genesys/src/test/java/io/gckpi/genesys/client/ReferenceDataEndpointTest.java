package io.gckpi.genesys.client;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertThrows;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.gckpi.genesys.client.GenesysApi.ReferenceEntity;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.Test;

/**
 * The reference listings' paging and fields over in-memory pages shaped as Genesys' entity
 * listings ({@code QueueEntityListing}, {@code UserEntityListing}, ...).
 */
public class ReferenceDataEndpointTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** Answers each requested path with the page scripted for it; records what was asked. */
  private static final class Pages implements ReferenceDataEndpoint.PageSource {
    final Map<String, String> answers;
    final List<String> asked = new ArrayList<>();

    Pages(Map<String, String> answers) {
      this.answers = answers;
    }

    @Override
    public JsonNode get(String pathAndQuery, String permission) {
      asked.add(pathAndQuery + " " + permission);
      String body = answers.get(pathAndQuery);
      if (body == null) {
        throw new AssertionError("unexpected request " + pathAndQuery);
      }
      try {
        return JSON.readTree(body.replace('\'', '"'));
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }

  private static final String QUEUES = "/api/v2/routing/queues?pageSize=100&pageNumber=";

  @Test
  public void queuesAreReadToThePageCountWithDivisionAndDateModified() {
    Pages pages = new Pages(Map.of(
        QUEUES + 1,
        "{'entities':[{'id':'q1','name':'Sales','division':{'id':'d1','name':'Home',"
            + "'selfUri':'/api/v2/authorization/divisions/d1'},"
            + "'dateModified':'2023-06-01T10:15:30.000Z','memberCount':12,"
            + "'mediaSettings':{'call':{'alertingTimeoutSeconds':8}},"
            + "'selfUri':'/api/v2/routing/queues/q1'}],"
            + "'pageSize':100,'pageNumber':1,'total':2,'pageCount':2,"
            + "'nextUri':'/api/v2/routing/queues?pageSize=100&pageNumber=2'}",
        QUEUES + 2,
        "{'entities':[{'id':'q2','name':'QA_Review'}],'pageSize':100,'pageNumber':2,"
            + "'total':2,'pageCount':2,'previousUri':'/api/v2/routing/queues?pageNumber=1'}"));
    List<ReferenceEntity> queues = new ReferenceDataEndpoint(pages).listQueues();
    assertEquals(
        List.of(
            new ReferenceEntity("q1", "Sales", "d1", "Home", null,
                Instant.parse("2023-06-01T10:15:30Z")),
            new ReferenceEntity("q2", "QA_Review")),
        queues);
    assertEquals(
        List.of(QUEUES + "1 routing:queue:view", QUEUES + "2 routing:queue:view"), pages.asked);
  }

  @Test
  public void withoutPageCountTheNextUriSaysWhetherMoreFollow() {
    String skills = "/api/v2/routing/skills?pageSize=100&pageNumber=";
    Pages pages = new Pages(Map.of(
        skills + 1,
        "{'entities':[{'id':'s1','name':'English','state':'active','version':'3',"
            + "'dateModified':'2023-01-02T03:04:05Z'}],"
            + "'nextUri':'/api/v2/routing/skills?pageSize=100&pageNumber=2'}",
        skills + 2,
        "{'entities':[{'id':'s2','name':'Claims','state':'inactive'}]}"));
    assertEquals(
        List.of(
            new ReferenceEntity("s1", "English", null, null, "active",
                Instant.parse("2023-01-02T03:04:05Z")),
            new ReferenceEntity("s2", "Claims", null, null, "inactive", null)),
        new ReferenceDataEndpoint(pages).listSkills());
    assertEquals(2, pages.asked.size());
  }

  /** GET /api/v2/users lists active users only unless asked for a state: ask for every state. */
  @Test
  public void usersAreListedInEveryState() {
    Pages pages = new Pages(Map.of(
        "/api/v2/users?state=any&pageSize=100&pageNumber=1",
        "{'entities':[{'id':'u1','name':'Agent 01','state':'active','division':{'id':'d1'}},"
            + "{'id':'u2','name':'Agent 02','state':'inactive','email':'a2@example.com'}],"
            + "'pageCount':1,'total':2}"));
    List<ReferenceEntity> users = new ReferenceDataEndpoint(pages).listUsers();
    assertEquals(List.of("active", "inactive"), users.stream().map(ReferenceEntity::state).toList());
    assertEquals("d1", users.get(0).divisionId());
    assertEquals(List.of("/api/v2/users?state=any&pageSize=100&pageNumber=1 directory:user:view"),
        pages.asked);
  }

  /**
   * A listing that shifts while it is read repeats an entity on the next page: it is kept once,
   * as the later page has it; an entity without an id cannot be keyed and is left out; a
   * malformed date leaves only the date out; an empty page ends the listing whatever pageCount
   * claims.
   */
  @Test
  public void aShiftedListingKeepsEachIdOnceAndAnEmptyPageEndsIt() {
    String codes = "/api/v2/routing/wrapupcodes?pageSize=100&pageNumber=";
    Pages pages = new Pages(Map.of(
        codes + 1,
        "{'entities':[{'id':'w1','name':'Resolved'},{'id':'w2','name':'Escalated'},"
            + "{'name':'no id'}],'pageCount':5}",
        codes + 2,
        "{'entities':[{'id':'w2','name':'Escalated to Tier 2','dateModified':'yesterday'},"
            + "{'id':'w3','name':'Wrong Number'}],'pageCount':5}",
        codes + 3,
        "{'entities':[],'pageCount':5}"));
    List<ReferenceEntity> listed = new ReferenceDataEndpoint(pages).listWrapUpCodes();
    assertEquals(List.of("w1", "w2", "w3"), listed.stream().map(ReferenceEntity::id).toList());
    assertEquals("Escalated to Tier 2", listed.get(1).name());
    assertNull(listed.get(1).dateModified());
    assertEquals(3, pages.asked.size());
  }

  @Test
  public void aListingThatNeverEndsIsAnErrorNotAHang() {
    ReferenceDataEndpoint endless =
        new ReferenceDataEndpoint(
            (path, permission) -> {
              try {
                return JSON.readTree(
                    "{\"entities\":[{\"id\":\"" + path + "\"}],\"nextUri\":\"/next\"}");
              } catch (IOException e) {
                throw new UncheckedIOException(e);
              }
            });
    GenesysApiException e = assertThrows(GenesysApiException.class, endless::listQueues);
    assertEquals("GET /api/v2/routing/queues still had pages after 10000 pages of 100",
        e.getMessage());
  }
}
