package io.skillforge.server.http;

import io.skillforge.server.runner.Problem;
import io.vertx.core.http.Cookie;
import io.vertx.core.http.CookieSameSite;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.RoutingContext;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Set;

/**
 * The token check in front of every route but {@code /health} and the login form. A request
 * carries the token as {@code Authorization: Bearer TOKEN}, or, from the web page, as the cookie
 * the login form sets ({@code HttpOnly}, {@code SameSite=Strict}, so other sites cannot send it).
 * Tokens are compared as SHA-256 digests with {@link MessageDigest#isEqual}, whose time does not
 * depend on where they differ; the token is never logged. It runs before any body is read.
 *
 * <p>A browser asking for a page without the token gets the 401 as a login form; every other
 * client gets it as a problem detail.
 */
final class BearerAuth {
  static final String COOKIE = "skillforge_token";
  private static final Set<String> OPEN = Set.of("/health", "/login");

  private final byte[] digest;

  /** @param token the server's token; null lets everything through (a loopback-only server) */
  BearerAuth(String token) {
    this.digest = token == null ? null : sha256(token);
  }

  void handle(RoutingContext ctx) {
    if (digest == null || OPEN.contains(ctx.normalizedPath()) || accepts(presented(ctx))) {
      ctx.next();
      return;
    }
    if (ctx.request().method() == HttpMethod.GET && wantsPage(ctx)) {
      ctx.response().setStatusCode(401).putHeader("WWW-Authenticate", "Bearer realm=\"skillforge\"")
          .putHeader("Content-Type", "text/html; charset=utf-8").end(LoginPage.HTML);
      return;
    }
    Problems.send(ctx, Problem.unauthorized());
  }

  /** {@code POST /login}: the form's token, checked like a header's, sets the cookie. */
  void login(RoutingContext ctx) {
    String token = ctx.request().getFormAttribute("token");
    if (digest != null && !accepts(token)) {
      ctx.response().setStatusCode(401).putHeader("Content-Type", "text/html; charset=utf-8")
          .end(LoginPage.HTML.replace("<!--message-->", "<p class=\"error\">That token is not the server's.</p>"));
      return;
    }
    if (digest != null) {
      Cookie cookie = Cookie.cookie(COOKIE, token).setHttpOnly(true).setSameSite(CookieSameSite.STRICT)
          .setPath("/");
      ctx.response().addCookie(cookie);
    }
    ctx.response().setStatusCode(303).putHeader(HttpHeaders.LOCATION, "/").end();
  }

  private boolean accepts(String presented) {
    if (presented == null) {
      return false;
    }
    return MessageDigest.isEqual(digest, sha256(presented));
  }

  private static String presented(RoutingContext ctx) {
    String header = ctx.request().getHeader(HttpHeaders.AUTHORIZATION);
    if (header != null && header.regionMatches(true, 0, "Bearer ", 0, 7)) {
      return header.substring(7).trim();
    }
    Cookie cookie = ctx.request().getCookie(COOKIE);
    return cookie == null ? null : cookie.getValue();
  }

  private static boolean wantsPage(RoutingContext ctx) {
    String accept = ctx.request().getHeader(HttpHeaders.ACCEPT);
    return accept != null && accept.contains("text/html");
  }

  private static byte[] sha256(String text) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this Java", e);
    }
  }
}
