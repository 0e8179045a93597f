package io.skillforge.server.jobs.distill;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.skillforge.server.jobs.JobContext;
import io.skillforge.server.jobs.distill.DistillConfig.StudentSpec;
import io.skillforge.skills.errors.CancelledException;
import io.skillforge.student.StudentUnavailableException;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Fine-tunes a student that lives outside the JVM: runs the user's command (their TRL,
 * LLaMA-Factory or Axolotl job, which also restarts the server with the new weights) on a round's
 * training set, then waits until the endpoint serves the model again. The command's output goes to
 * a log file beside the round's other files.
 */
final class ExternalTrainer {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Duration POLL = Duration.ofMillis(500);

  private ExternalTrainer() {}

  /**
   * @param data the training set as chat messages
   * @param examples the same set with every field (readable by {@code skillforge student train})
   * @return the wall time in seconds
   * @throws StudentUnavailableException when the command fails or the endpoint does not come back
   */
  static double fineTune(StudentSpec student, Path data, Path examples, int round, Path runDir, Path log,
      JobContext context) throws IOException {
    long start = System.nanoTime();
    String command = command(student.fineTuneCommand(), Map.of(
        "data", data.toAbsolutePath().toString(), "examples", examples.toAbsolutePath().toString(),
        "round", String.valueOf(round), "run-dir", runDir.toAbsolutePath().toString(),
        "model", student.model()));
    context.note("round " + round + ": running the fine-tuning command; its output goes to " + log);
    ProcessBuilder builder = new ProcessBuilder("/bin/sh", "-c", command)
        .redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.to(log.toFile()));
    builder.environment().put("SKILLFORGE_TRAINING_DATA", data.toAbsolutePath().toString());
    builder.environment().put("SKILLFORGE_ROUND", String.valueOf(round));
    Process process = builder.start();
    try {
      while (!process.waitFor(1, TimeUnit.SECONDS)) {
        if (context.cancellation().isCancelled()) {
          process.destroy();
          context.checkCancelled();
        }
      }
    } catch (InterruptedException e) {
      process.destroy();
      Thread.currentThread().interrupt();
      throw new CancelledException("interrupted while the fine-tuning command ran", e);
    }
    if (process.exitValue() != 0) {
      throw new StudentUnavailableException("the fine-tuning command (student.fine-tune-command) exited with "
          + process.exitValue() + "; see " + log);
    }
    awaitServing(student.baseUrl(), student.model(), student.readyTimeout(), context);
    return (System.nanoTime() - start) / 1e9;
  }

  /** {@code template} with each {@code {key}} replaced by its value in single quotes. */
  static String command(String template, Map<String, String> values) {
    String out = template;
    for (Map.Entry<String, String> e : values.entrySet()) {
      out = out.replace("{" + e.getKey() + "}", "'" + e.getValue().replace("'", "'\\''") + "'");
    }
    return out;
  }

  /** Polls {@code GET base/models} until it lists {@code model}. */
  static void awaitServing(URI baseUrl, String model, Duration timeout, JobContext context) {
    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    URI models = URI.create(baseUrl.toString().replaceAll("/+$", "") + "/models");
    long deadline = System.nanoTime() + timeout.toNanos();
    String last = "no answer yet";
    while (System.nanoTime() < deadline) {
      context.checkCancelled();
      try {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(models).timeout(Duration.ofSeconds(10))
            .GET().build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() == 200 && lists(response.body(), model)) {
          return;
        }
        last = "HTTP " + response.statusCode();
      } catch (IOException e) {
        last = e.getMessage() == null ? "connection failed" : e.getMessage();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new CancelledException("interrupted while waiting for the student", e);
      }
      try {
        Thread.sleep(POLL.toMillis());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new CancelledException("interrupted while waiting for the student", e);
      }
    }
    throw new StudentUnavailableException("the student at " + baseUrl + " did not serve " + model + " within "
        + timeout.toSeconds() + " s after fine-tuning (student.ready-timeout-seconds); last: " + last);
  }

  private static boolean lists(String body, String model) {
    try {
      JsonNode data = JSON.readTree(body).path("data");
      for (JsonNode m : data) {
        if (model.equals(m.path("id").asText())) {
          return true;
        }
      }
      return false;
    } catch (IOException e) {
      return false;
    }
  }
}
