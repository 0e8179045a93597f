package io.skillforge.server.cli.student;

import io.skillforge.server.cli.ExitCodes;
import io.skillforge.server.cli.SkillforgeCommand;
import io.skillforge.server.jobs.student.StudentChoice;
import io.skillforge.student.builtin.BuiltinStudent;
import io.skillforge.student.openai.StudentServer;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * Serves a built-in checkpoint through the OpenAI HTTP API until the process is stopped (or the
 * command's thread is interrupted).
 */
@Command(
    name = "serve",
    mixinStandardHelpOptions = true,
    description = "Serves a built-in student checkpoint (--model, else student.checkpoint of the"
        + " configuration) as an OpenAI-compatible endpoint: GET /v1/models, POST /v1/completions,"
        + " POST /v1/chat/completions. The model name is the directory's name. Runs until stopped.")
public final class StudentServeCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(names = "--model", paramLabel = "DIR",
      description = "Checkpoint directory (default: student.checkpoint of the configuration,"
          + " data/student).")
  Path model;

  @Option(names = "--port", defaultValue = "8092", paramLabel = "P",
      description = "TCP port; 0 picks a free one (default ${DEFAULT-VALUE}).")
  int port;

  @Option(names = "--host", defaultValue = "127.0.0.1", paramLabel = "HOST",
      description = "Interface to bind (default ${DEFAULT-VALUE}).")
  String host;

  @Option(names = "--max-batch", defaultValue = "64", paramLabel = "B",
      description = "Most sequences generated together (default ${DEFAULT-VALUE}).")
  int maxBatch;

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    boolean interrupted = false;
    StudentChoice.Checkpoint checkpoint = StudentChoice.forServe(model, SkillforgeCommand.services(spec)::config);
    Path name = checkpoint.directory().toAbsolutePath().normalize().getFileName();
    try (BuiltinStudent student = StudentChoice.load(checkpoint, BuiltinStudent.Options.DEFAULT
        .withName(name == null ? BuiltinStudent.DEFAULT_NAME : name.toString())
        .withMaxBatch(maxBatch))) {
      Vertx vertx = Vertx.vertx();
      try {
        HttpServer server = StudentServer.start(vertx, student, host, port).toCompletionStage()
            .toCompletableFuture().join();
        out.printf("serving %s on http://%s:%d/v1%n", student.name(), host, server.actualPort());
        out.flush();
        new CountDownLatch(1).await();
      } catch (InterruptedException e) {
        // Stop serving; the flag is restored once the server and the student are closed.
        interrupted = true;
      } finally {
        vertx.close().toCompletionStage().toCompletableFuture().join();
      }
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
    return ExitCodes.OK;
  }
}
