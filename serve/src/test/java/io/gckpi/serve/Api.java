package io.gckpi.serve;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
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
