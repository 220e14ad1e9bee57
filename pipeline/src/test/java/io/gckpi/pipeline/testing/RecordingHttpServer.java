package io.gckpi.pipeline.testing;

import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import org.junit.rules.ExternalResource;

/**
 * A tiny HTTP server on loopback that records every request and answers with scripted responses
 * (204 once the script is used up): a stand-in for a server that Debian does not package, to check
 * what a client sends and how it handles answers.
 */
public class RecordingHttpServer extends ExternalResource {
  /** One request as received. */
  public record Request(String method, String pathAndQuery, Headers headers, String body) {
    public String header(String name) {
      return headers.getFirst(name);
    }
  }

  /** One scripted answer. */
  public record Answer(int status, Map<String, String> headers, String body) {}

  private final List<Request> requests = new ArrayList<>();
  private final Deque<Answer> script = new ArrayDeque<>();
  private HttpServer server;

  @Override
  protected void before() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext("/", this::handle);
    server.start();
  }

  @Override
  protected void after() {
    server.stop(0);
  }

  public String url() {
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  /** Queues answers for the next requests, in order. */
  public synchronized void answer(Answer... answers) {
    script.addAll(List.of(answers));
  }

  public synchronized List<Request> requests() {
    return List.copyOf(requests);
  }

  private void handle(HttpExchange exchange) throws IOException {
    String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
    Answer answer;
    synchronized (this) {
      requests.add(
          new Request(exchange.getRequestMethod(), exchange.getRequestURI().toString(),
              exchange.getRequestHeaders(), body));
      answer = script.isEmpty() ? new Answer(204, Map.of(), "") : script.poll();
    }
    answer.headers().forEach((name, value) -> exchange.getResponseHeaders().add(name, value));
    byte[] bytes = answer.body().getBytes(StandardCharsets.UTF_8);
    exchange.sendResponseHeaders(answer.status(), bytes.length == 0 ? -1 : bytes.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(bytes);
    }
  }
}
