package io.skillforge.server.cli;

import io.skillforge.synthesis.teacher.sim.SimOptions;
import io.skillforge.synthesis.teacher.sim.SimStats;
import io.skillforge.synthesis.teacher.sim.TeacherSim;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code skillforge teacher-sim}: the built-in teacher as an OpenAI-compatible chat endpoint. */
@Command(
    name = "teacher-sim",
    mixinStandardHelpOptions = true,
    description = {
      "Serves the built-in skill-world teacher as an OpenAI-compatible endpoint"
          + " (POST /v1/chat/completions, GET /v1/models) that answers Skillforge's teacher prompts,"
          + " with optional latency and faults, reproducible for a seed.",
      "Runs until interrupted (Ctrl-C) or for --for-seconds; prints its base URL on stderr."
    })
public final class TeacherSimCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(names = "--port", defaultValue = "8091", description = "Port; 0 picks a free one (default: ${DEFAULT-VALUE}).")
  int port;

  @Option(names = "--host", defaultValue = "127.0.0.1", description = "Interface to bind (default: ${DEFAULT-VALUE}).")
  String host;

  @Option(names = "--latency-ms", defaultValue = "0", description = "Delay of every chat answer (default: ${DEFAULT-VALUE}).")
  long latencyMs;

  @Option(names = "--fail-rate", defaultValue = "0",
      description = "Share of calls answered 429 (with Retry-After) or 500, half each (default: ${DEFAULT-VALUE}).")
  double failRate;

  @Option(names = "--malformed-rate", defaultValue = "0",
      description = "Share of the 200 answers whose content is broken JSON (default: ${DEFAULT-VALUE}).")
  double malformedRate;

  @Option(names = "--seed", defaultValue = "1", description = "Seed of the fault sequence (default: ${DEFAULT-VALUE}).")
  long seed;

  @Option(names = "--retry-after-ms", defaultValue = "200",
      description = "Delay a 429 asks for (retry-after-ms; Retry-After in whole seconds) (default: ${DEFAULT-VALUE}).")
  long retryAfterMs;

  @Option(names = "--model", defaultValue = SimOptions.DEFAULT_MODEL, description = "Model id (default: ${DEFAULT-VALUE}).")
  String model;

  @Option(names = "--for-seconds", description = "Stop after this many seconds instead of waiting for Ctrl-C.")
  Long forSeconds;

  @Override
  public Integer call() throws Exception {
    SimOptions options =
        new SimOptions(host, port, latencyMs, failRate, malformedRate, seed, retryAfterMs, model);
    PrintWriter err = spec.commandLine().getErr();
    Vertx vertx = Vertx.vertx();
    TeacherSim sim = new TeacherSim(vertx, options);
    CountDownLatch stopped = new CountDownLatch(1);
    Thread hook = new Thread(() -> stopInHook(sim, vertx, stopped, err), "teacher-sim-shutdown");
    try {
      await(sim.start(), 30);
    } catch (Exception e) {
      IllegalStateException failed = new IllegalStateException(
          "teacher-sim cannot listen on " + host + ":" + port + ": " + message(e), e);
      try {
        await(vertx.close(), 10);
      } catch (Exception closing) {
        failed.addSuppressed(closing);
      }
      throw failed;
    }
    Runtime.getRuntime().addShutdownHook(hook);
    err.println("teacher-sim listening on " + sim.baseUrl() + " (latency " + latencyMs
        + " ms, fail rate " + failRate + ", malformed rate " + malformedRate + ", seed " + seed + ")");
    err.flush();
    if (forSeconds != null) {
      stopped.await(forSeconds, TimeUnit.SECONDS);
      Runtime.getRuntime().removeShutdownHook(hook);
      stop(sim, vertx, stopped, err);
    } else {
      stopped.await();
    }
    return ExitCodes.OK;
  }

  /**
   * Stops the server and Vert.x, reports the counts on {@code err} and releases {@code stopped},
   * whatever happens; runs on the command's thread or in the shutdown hook.
   *
   * @throws IllegalStateException after the report, when the server or Vert.x did not stop cleanly
   *     (the first failure is the cause, a second one is suppressed in it)
   */
  static void stop(TeacherSim sim, Vertx vertx, CountDownLatch stopped, PrintWriter err) {
    SimStats s = sim.stats();
    Throwable failure = null;
    // Two waits, not compose: a callback chained on the closing Vert.x would have no loop to run on.
    try {
      await(sim.close(), 10);
    } catch (Exception e) {
      failure = unwrap(e);
    }
    try {
      await(vertx.close(), 10);
    } catch (Exception e) {
      if (failure == null) {
        failure = unwrap(e);
      } else {
        failure.addSuppressed(unwrap(e));
      }
    }
    err.println("teacher-sim stopped: " + s.chatCalls() + " chat calls, " + s.rateLimited()
        + " answered 429, " + s.serverErrors() + " answered 500, " + s.malformed() + " malformed, "
        + s.unrecognised() + " unrecognised");
    err.flush();
    stopped.countDown();
    if (failure != null) {
      throw new IllegalStateException("teacher-sim did not stop cleanly: " + message(failure), failure);
    }
  }

  /** The shutdown hook cannot hand a failure to anyone: it prints it instead. */
  private static void stopInHook(TeacherSim sim, Vertx vertx, CountDownLatch stopped, PrintWriter err) {
    try {
      stop(sim, vertx, stopped, err);
    } catch (IllegalStateException e) {
      err.println("skillforge: " + e.getMessage());
      err.flush();
    }
  }

  /** Waits for {@code future}; an interrupt is kept in the thread's flag and rethrown. */
  private static <T> T await(Future<T> future, long seconds)
      throws InterruptedException, ExecutionException, TimeoutException {
    try {
      return future.toCompletionStage().toCompletableFuture().get(seconds, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw e;
    }
  }

  private static Throwable unwrap(Exception e) {
    return e instanceof ExecutionException && e.getCause() != null ? e.getCause() : e;
  }

  private static String message(Throwable e) {
    Throwable cause = e instanceof ExecutionException && e.getCause() != null ? e.getCause() : e;
    if (cause instanceof TimeoutException) {
      return "no answer within the time allowed";
    }
    return cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage();
  }
}
