package io.gckpi.serve;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * The dashboard's files, read from the classpath under {@code static/}: the page at {@code /} and
 * the files under {@code /assets/} (the page's script and style, and the chart library the build
 * installs from npm).
 *
 * <p>A request never becomes a path. An asset's name must be one plain file name of letters,
 * digits, dots, dashes and underscores, starting with a letter or digit, with a known extension;
 * anything else, {@code ..}, a slash or a percent-decoded slash among them, is simply not found.
 * So nothing outside {@code static/assets/} can be named, the classes next to it included.
 */
final class StaticAssets {
  static final String PAGE_PATH = "/";
  static final String ASSETS_PREFIX = "/assets/";

  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,99}");
  private static final Map<String, String> TYPES =
      Map.of(
          "html", "text/html; charset=utf-8",
          "js", "text/javascript; charset=utf-8",
          "css", "text/css; charset=utf-8",
          "md", "text/markdown; charset=utf-8",
          "svg", "image/svg+xml",
          "png", "image/png",
          "ico", "image/x-icon");

  /** A file's bytes and its Content-Type. */
  record Asset(String contentType, byte[] body) {}

  private final ClassLoader loader = StaticAssets.class.getClassLoader();
  /** Files found so far; a name that is not found is not kept, so requests cannot grow it. */
  private final Map<String, Asset> cache = new ConcurrentHashMap<>();

  /** Whether the path is the dashboard's to answer (found or not) rather than the API's. */
  static boolean owns(String path) {
    return PAGE_PATH.equals(path) || path.startsWith(ASSETS_PREFIX);
  }

  /** The file for a request path that {@link #owns} it; empty when there is none. */
  Optional<Asset> find(String path) {
    if (PAGE_PATH.equals(path)) {
      return load("index.html");
    }
    String name = path.substring(ASSETS_PREFIX.length());
    if (!NAME.matcher(name).matches()) {
      return Optional.empty();
    }
    return load("assets/" + name);
  }

  private Optional<Asset> load(String name) {
    String type = TYPES.get(name.substring(name.lastIndexOf('.') + 1));
    if (type == null) {
      return Optional.empty();
    }
    Asset cached = cache.get(name);
    if (cached != null) {
      return Optional.of(cached);
    }
    try (InputStream in = loader.getResourceAsStream("static/" + name)) {
      if (in == null) {
        return Optional.empty();
      }
      Asset asset = new Asset(type, in.readAllBytes());
      cache.put(name, asset);
      return Optional.of(asset);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read static/" + name, e);
    }
  }
}
