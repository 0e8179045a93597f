package io.skillforge.server.cli.student;

import io.skillforge.server.cli.ExitCodes;
import io.skillforge.server.cli.SkillforgeCommand;
import io.skillforge.server.jobs.student.StudentChoice;
import io.skillforge.skills.concurrent.Await;
import io.skillforge.skills.errors.ConflictException;
import io.skillforge.student.builtin.BuiltinStudent;
import io.skillforge.student.openai.StudentServer;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import java.io.PrintWriter;
import java.net.BindException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * Serves a built-in checkpoint through the OpenAI HTTP API until the process is stopped (or the
 * command's thread is interrupted). Flags are checked before the checkpoint is loaded.
 */
@Command(
    name = "serve",
    mixinStandardHelpOptions = true,
    description = "Serves a built-in student checkpoint (--model, else student.checkpoint of the"
        + " configuration) as an OpenAI-compatible endpoint: GET /v1/models, POST /v1/completions,"
        + " POST /v1/chat/completions (with \"stream\": true too). The model name is the"
        + " directory's name. Runs until stopped.")
public final class StudentServeCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(names = "--model", paramLabel = "DIR",
      description = "Checkpoint directory (default: student.checkpoint of the configuration,"
          + " data/student).")
  Path model;

  @Option(names = "--port", defaultValue = "8092", paramLabel = "P",
      description = "TCP port, 0 to 65535; 0 picks a free one (default ${DEFAULT-VALUE}).")
  int port;

  @Option(names = "--host", defaultValue = "127.0.0.1", paramLabel = "HOST",
      description = "Interface to bind (default ${DEFAULT-VALUE}).")
  String host;

  @Option(names = "--max-batch", defaultValue = "64", paramLabel = "B",
      description = "Most sequences generated together (default ${DEFAULT-VALUE}).")
  int maxBatch;

  @Override
  public Integer call() throws Exception {
    if (port < 0 || port > 65535) {
      throw new ParameterException(spec.commandLine(),
          "--port must be between 0 and 65535 (0 picks a free port), but was " + port);
    }
    if (maxBatch <= 0) {
      throw new ParameterException(spec.commandLine(),
          "--max-batch must be at least 1, but was " + maxBatch);
    }
    PrintWriter out = spec.commandLine().getOut();
    boolean interrupted = false;
    StudentChoice.Checkpoint checkpoint = StudentChoice.forServe(model, SkillforgeCommand.services(spec)::config);
    Path name = checkpoint.directory().toAbsolutePath().normalize().getFileName();
    try (BuiltinStudent student = StudentChoice.load(checkpoint, BuiltinStudent.Options.DEFAULT
        .withName(name == null ? BuiltinStudent.DEFAULT_NAME : name.toString())
        .withMaxBatch(maxBatch))) {
      Vertx vertx = Vertx.vertx();
      try {
        HttpServer server = listen(vertx, student);
        out.printf(Locale.ROOT, "serving %s on http://%s:%d/v1%n", student.name(), host,
            server.actualPort());
        out.flush();
        new CountDownLatch(1).await();
      } catch (InterruptedException e) {
        // Stop serving; the flag is restored once the server and the student are closed.
        interrupted = true;
      } finally {
        Await.result(vertx.close());
      }
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
    return ExitCodes.OK;
  }

  private HttpServer listen(Vertx vertx, BuiltinStudent student) {
    try {
      return Await.result(StudentServer.start(vertx, student, host, port));
    } catch (RuntimeException e) {
      if (addressInUse(e)) {
        throw new ConflictException("port " + port + " on " + host + " is already in use (--port);"
            + " stop what listens there, or pick another port (0 picks a free one)", e);
      }
      throw e;
    }
  }

  private static boolean addressInUse(Throwable failure) {
    for (Throwable t = failure; t != null; t = t.getCause()) {
      if (t instanceof BindException
          || (t.getMessage() != null && t.getMessage().contains("Address already in use"))) {
        return true;
      }
    }
    return false;
  }
}
