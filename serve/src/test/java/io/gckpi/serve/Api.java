package io.gckpi.serve;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/** A client of a running {@link KpiServer}, over real HTTP. */
final class Api {
  private static final HttpClient CLIENT =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  private final URI base;

  Api(KpiServer server) {
    this.base = server.uri();
  }

  /** Query parameters from name, value, name, value...; in order. */
  static Map<String, String> params(String... namesAndValues) {
    Map<String, String> params = new LinkedHashMap<>();
    for (int i = 0; i < namesAndValues.length; i += 2) {
      params.put(namesAndValues[i], namesAndValues[i + 1]);
    }
    return params;
  }

  /** A status, its Content-Type and the body parsed as JSON. */
  record Reply(int status, String contentType, JsonNode json) {}

  Reply get(String path, Map<String, String> query) throws Exception {
    String encoded =
        query.entrySet().stream()
            .map(e -> encode(e.getKey()) + "=" + encode(e.getValue()))
            .collect(Collectors.joining("&"));
    return send("GET", encoded.isEmpty() ? path : path + "?" + encoded);
  }

  /** Sends a request as is: pathAndQuery is not encoded any further. */
  Reply send(String method, String pathAndQuery) throws Exception {
    HttpResponse<String> response =
        CLIENT.send(request(method, pathAndQuery), HttpResponse.BodyHandlers.ofString());
    return new Reply(
        response.statusCode(),
        response.headers().firstValue("Content-Type").orElse(""),
        KpiServer.JSON.readTree(response.body()));
  }

  /** Only the status, for requests answered without a body (HEAD). */
  int status(String method, String pathAndQuery) throws Exception {
    return CLIENT.send(request(method, pathAndQuery), HttpResponse.BodyHandlers.discarding())
        .statusCode();
  }

  /** A reply read as text, with its headers by lower-case name. */
  record Text(int status, Map<String, String> headers, String body) {}

  /**
   * Sends a request line exactly as given, over a plain socket: unlike the HTTP client, which
   * resolves {@code ..} segments before sending, so that path traversal can be tried for real.
   */
  Text raw(String method, String rawPath) throws Exception {
    try (Socket socket = new Socket(base.getHost(), base.getPort())) {
      socket.setSoTimeout(30_000);
      OutputStream out = socket.getOutputStream();
      out.write((method + " " + rawPath + " HTTP/1.1\r\nHost: " + base.getAuthority()
          + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
      out.flush();
      String reply = new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      int end = reply.indexOf("\r\n\r\n");
      String[] head = reply.substring(0, end).split("\r\n");
      Map<String, String> headers = new LinkedHashMap<>();
      for (int i = 1; i < head.length; i++) {
        int colon = head[i].indexOf(':');
        headers.put(head[i].substring(0, colon).trim().toLowerCase(Locale.ROOT),
            head[i].substring(colon + 1).trim());
      }
      return new Text(Integer.parseInt(head[0].split(" ")[1]), headers, reply.substring(end + 4));
    }
  }

  private HttpRequest request(String method, String pathAndQuery) {
    return HttpRequest.newBuilder(base.resolve(pathAndQuery))
        .timeout(Duration.ofSeconds(30))
        .method(method, HttpRequest.BodyPublishers.noBody())
        .build();
  }

  private static String encode(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }
}
