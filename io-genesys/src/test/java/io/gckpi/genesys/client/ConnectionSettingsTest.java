package io.gckpi.genesys.client;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.Test;

public class ConnectionSettingsTest {

  @Test
  public void regionMapsToApiAndLoginHosts() {
    ConnectionSettings ie = ConnectionSettings.forRegion("mypurecloud.ie");
    assertEquals("https://api.mypurecloud.ie", ie.apiBaseUrl());
    assertEquals("https://login.mypurecloud.ie", ie.oauthBaseUrl());
    ConnectionSettings gov = ConnectionSettings.forRegion("use2.us-gov-pure.cloud");
    assertEquals("https://login.use2.us-gov-pure.cloud", gov.oauthBaseUrl());
  }

  @Test
  public void unknownRegionListsTheKnownOnes() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class, () -> ConnectionSettings.forRegion("mypurecloud.xx"));
    assertTrue(e.getMessage(), e.getMessage().contains("'mypurecloud.xx'"));
    assertTrue(e.getMessage(), e.getMessage().contains("mypurecloud.com.au"));
    assertTrue(e.getMessage(), e.getMessage().contains("euw2.pure.cloud"));
    assertTrue(e.getMessage(), e.getMessage().contains("forBaseUrl"));
  }

  @Test
  public void baseUrlServesBothApiAndOAuthAndDefaultsAreTheDocumentedOnes() {
    ConnectionSettings s = ConnectionSettings.forBaseUrl("http://127.0.0.1:8089/");
    assertEquals("http://127.0.0.1:8089", s.apiBaseUrl());
    assertEquals("http://127.0.0.1:8089", s.oauthBaseUrl());
    assertEquals(300, s.rateLimitPerMinute());
    assertEquals(Duration.ofSeconds(15), s.connectTimeout());
    assertEquals(Duration.ofSeconds(15), s.readTimeout());
    assertEquals(Duration.ofSeconds(30), s.aggregatesReadTimeout());
    assertEquals(6, s.maxRetries());
    assertEquals(Duration.ofSeconds(180), s.maxRetryAfter());
    assertEquals(10, s.circuitBreakerThreshold());
    assertThrows(IllegalArgumentException.class, () -> ConnectionSettings.forBaseUrl("127.0.0.1"));
  }

  @Test
  public void toStringAndSerializedFormNeverShowTheSecret() throws Exception {
    ConnectionSettings s =
        ConnectionSettings.forBaseUrl("http://127.0.0.1:1")
            .withCredentials("my-client", "s3cr3t-value")
            .withMaxRetries(2);
    assertFalse(s.toString(), s.toString().contains("s3cr3t-value"));
    assertFalse(s.resolveCredentials().toString().contains("s3cr3t-value"));
    assertEquals("s3cr3t-value", s.resolveCredentials().clientSecret());

    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
      out.writeObject(s);
    }
    ConnectionSettings copy =
        (ConnectionSettings)
            new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray())).readObject();
    assertEquals(s, copy);
    assertEquals(2, copy.maxRetries());
  }

  @Test
  public void credentialsFileIsReadWhenResolved() throws Exception {
    Path file = Files.createTempFile("genesys", ".properties");
    try {
      Files.writeString(file, "client_id = from-file\nclient_secret = file-secret\n");
      ConnectionSettings s =
          ConnectionSettings.forBaseUrl("http://127.0.0.1:1").withCredentialsFile(file.toString());
      assertEquals("from-file", s.resolveCredentials().clientId());
      assertEquals("file-secret", s.resolveCredentials().clientSecret());
      assertFalse(s.toString().contains("file-secret"));

      Files.writeString(file, "client_id = only-id\n");
      IllegalStateException e = assertThrows(IllegalStateException.class, s::resolveCredentials);
      assertTrue(e.getMessage(), e.getMessage().contains("client_secret"));
    } finally {
      Files.deleteIfExists(file);
    }
  }

  @Test
  public void missingEnvironmentCredentialsNameTheVariables() {
    org.junit.Assume.assumeTrue(System.getenv("GENESYS_CLIENT_SECRET") == null);
    ConnectionSettings s =
        ConnectionSettings.forBaseUrl("http://127.0.0.1:1").withCredentialsFromEnvironment();
    IllegalStateException e = assertThrows(IllegalStateException.class, s::resolveCredentials);
    assertTrue(e.getMessage(), e.getMessage().contains("GENESYS_CLIENT_ID"));
    assertTrue(e.getMessage(), e.getMessage().contains("GENESYS_CLIENT_SECRET"));
  }

  @Test
  public void invalidValuesAreRefusedWithTheirName() {
    ConnectionSettings s = ConnectionSettings.forBaseUrl("http://127.0.0.1:1");
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> s.withRateLimitPerMinute(0));
    assertTrue(e.getMessage().contains("rateLimitPerMinute"));
    e = assertThrows(IllegalArgumentException.class, () -> s.withReadTimeout(Duration.ZERO));
    assertTrue(e.getMessage().contains("readTimeout"));
  }
}
