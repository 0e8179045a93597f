package io.skillforge.server.jobs.distill;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.skillforge.server.jobs.JobContext;
import io.skillforge.server.jobs.JobServices;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A student behind an OpenAI-compatible endpoint, fine-tuned by the command the user configures:
 * here a script that stops the endpoint, fine-tunes the built-in student on the round's training
 * set with {@code skillforge student train}, and serves the new checkpoint on the same port.
 */
class DistillExternalTrainerTest {
  @TempDir Path dir;
  private Path pidFile;

  @AfterEach
  void stopTheEndpoint() throws Exception {
    if (pidFile != null && Files.exists(pidFile)) {
      long pid = Long.parseLong(Files.readString(pidFile).strip());
      ProcessHandle.of(pid).ifPresent(ProcessHandle::destroy);
    }
  }

  @Test
  void endpointStudent_isFineTunedByTheCommand_andProbedAgainOnceItServesTheNewModel() throws Exception {
    DistillFixture fixture = DistillFixture.create(dir, "student");
    int port;
    try (ServerSocket socket = new ServerSocket(0)) {
      port = socket.getLocalPort();
    }
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    String classpath = System.getProperty("java.class.path");
    Path state = Files.createDirectories(dir.resolve("state"));
    pidFile = state.resolve("pid");
    Files.writeString(state.resolve("current"), fixture.student.toString());
    Process first = new ProcessBuilder(java, "-Dai.djl.offline=true", "-cp", classpath,
        "io.skillforge.server.cli.Main", "student", "serve", "--model", fixture.student.toString(),
        "--port", String.valueOf(port))
        .redirectErrorStream(true).redirectOutput(state.resolve("serve-0.log").toFile()).start();
    Files.writeString(pidFile, String.valueOf(first.pid()));
    URI baseUrl = URI.create("http://127.0.0.1:" + port + "/v1");
    ExternalTrainer.awaitServing(baseUrl, "student", Duration.ofSeconds(90), JobContext.silent());

    String run = String.join(" ", java, "-Dai.djl.offline=true", "-cp", "'" + classpath + "'",
        "io.skillforge.server.cli.Main");
    Path script = Files.writeString(dir.resolve("fine-tune.sh"), String.join("\n",
        "#!/bin/sh",
        "set -e",
        "examples=\"$1\"; round=\"$2\"; runs=\"$3\"",
        "old=$(cat '" + pidFile + "')",
        "kill \"$old\"",
        "while kill -0 \"$old\" 2>/dev/null; do sleep 0.1; done",
        "out=\"$runs/round-$round/student\"",
        run + " student train --init \"$(cat '" + state.resolve("current") + "')\" --data \"$examples\""
            + " --steps 4 --threads 1 --save-every 0 --out \"$out\"",
        "echo \"$out\" > '" + state.resolve("current") + "'",
        "nohup " + run + " student serve --model \"$out\" --port " + port + " > '" + state
            + "'/serve-$round.log 2>&1 &",
        "echo $! > '" + pidFile + "'",
        ""));
    Path runFile = fixture.runFile("endpoint", 1, String.join("\n",
        "method: syn",
        "teacher: builtin",
        "student:",
        "  kind: openai-compatible",
        "  base-url: " + baseUrl,
        "  model: student",
        "  fine-tune-command: sh " + script + " {examples} {round} {run-dir}",
        "  ready-timeout-seconds: 120",
        ""));
    JobServices services = DistillFixture.services(Map.of());
    DistillJob.Result result = new DistillJob(services).run(DistillConfig.load(runFile, services.config()),
        JobContext.silent());

    RoundReport report = result.rounds().get(0);
    Path trained = result.runDir().resolve("round-1").resolve("student");
    assertTrue(Files.isRegularFile(trained.resolve("config.json")), "the command wrote no checkpoint");
    assertEquals(trained.toString(), Files.readString(state.resolve("current")).strip());
    assertTrue(report.training().how().contains("fine-tune.sh"), report.training().how());
    RoundFiles files = new RoundFiles(result.runDir().resolve("round-1"));
    assertTrue(Files.readString(files.fineTuneLog()).contains("\"checkpoint\""), "the command's output is kept");
    assertTrue(Files.exists(files.after()) && Files.exists(files.reportHtml()));
    assertTrue(Files.readString(state.resolve("serve-1.log")).contains("serving student"),
        "the after-probe ran against the new server");
  }
}
