package io.skillforge.server.http;

import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.RoutingContext;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Map;

/**
 * The web page and its script and style, read once from the jar ({@code io/skillforge/server/web/})
 * and served from memory; nothing comes from another site. The page's Content-Security-Policy
 * allows only its own files.
 */
final class WebAssets {
  private static final String BASE = "/io/skillforge/server/web/";
  private static final Map<String, String> FILES = Map.of(
      "index.html", "text/html; charset=utf-8",
      "app.js", "text/javascript; charset=utf-8",
      "app.css", "text/css; charset=utf-8");
  private static final String POLICY = "default-src 'self'; img-src 'self' data:; style-src 'self';"
      + " script-src 'self'; connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'";

  private final Map<String, Buffer> content;

  private WebAssets(Map<String, Buffer> content) {
    this.content = content;
  }

  /** Reads the files. Blocks. */
  static WebAssets load() {
    Map<String, Buffer> content = new java.util.HashMap<>();
    for (String name : FILES.keySet()) {
      try (InputStream in = WebAssets.class.getResourceAsStream(BASE + name)) {
        if (in == null) {
          throw new IllegalStateException("the web page's " + name + " is missing from the jar");
        }
        content.put(name, Buffer.buffer(in.readAllBytes()));
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return new WebAssets(Map.copyOf(content));
  }

  void page(RoutingContext ctx) {
    send(ctx, "index.html");
  }

  void asset(RoutingContext ctx) {
    String name = ctx.pathParam("file");
    if (!FILES.containsKey(name) || name.equals("index.html")) {
      ctx.next();
      return;
    }
    send(ctx, name);
  }

  private void send(RoutingContext ctx, String name) {
    ctx.response().putHeader("Content-Type", FILES.get(name)).putHeader("Content-Security-Policy", POLICY)
        .putHeader("X-Content-Type-Options", "nosniff").putHeader("Cache-Control", "no-cache")
        .end(content.get(name));
  }
}
