package io.skillforge.server.http;

import io.skillforge.server.jobs.student.StudentChoice;
import io.skillforge.server.workspace.Workspace;
import io.skillforge.student.builtin.BuiltinStudent;
import io.skillforge.student.openai.StudentServer;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.HashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The OpenAI-compatible API of each built-in student under {@code /students/NAME/v1}: the student
 * is loaded (on a worker) at its first request and served by {@link StudentServer#router} until it
 * is deleted, replaced (a new checkpoint under the same name is loaded afresh) or the server stops.
 */
final class StudentMounts implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(StudentMounts.class);

  private record Mounted(BuiltinStudent student, Router router, FileTime version) {}

  private final Vertx vertx;
  private final Workspace workspace;
  private final Map<String, Mounted> mounted = new HashMap<>();

  StudentMounts(Vertx vertx, Workspace workspace) {
    this.vertx = vertx;
    this.workspace = workspace;
  }

  /** Routes a request under {@code /students/:name/} to the student's API. */
  void handle(RoutingContext ctx) {
    String name = ctx.pathParam("name");
    String rest = ctx.normalizedPath().substring(("/students/" + name).length());
    if (!rest.startsWith("/v1/") && !rest.equals("/v1")) {
      ctx.next();
      return;
    }
    Http.blocking(ctx, () -> router(name)).onFailure(ctx::fail).onSuccess(router -> router.handleContext(ctx));
  }

  private synchronized Router router(String name) throws Exception {
    Path dir = workspace.student(name);
    FileTime version = Files.getLastModifiedTime(dir.resolve("config.json"));
    Mounted m = mounted.get(name);
    if (m != null && m.version().equals(version)) {
      return m.router();
    }
    if (m != null) {
      m.student().close();
    }
    BuiltinStudent student = StudentChoice.load(StudentChoice.Checkpoint.named(dir),
        BuiltinStudent.Options.DEFAULT.withName(name));
    Mounted fresh = new Mounted(student, StudentServer.router(vertx, student), version);
    mounted.put(name, fresh);
    LOG.info("serving student {} at /students/{}/v1", name, name);
    return fresh.router();
  }

  /** Stops serving {@code name} (it was deleted). Blocks: call it from a worker. */
  synchronized void forget(String name) {
    Mounted m = mounted.remove(name);
    if (m != null) {
      m.student().close();
    }
  }

  @Override
  public synchronized void close() {
    mounted.values().forEach(m -> m.student().close());
    mounted.clear();
  }

  Future<Void> closeLater() {
    return vertx.executeBlocking(() -> {
      close();
      return null;
    });
  }
}
