package io.skillforge.server.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.skillforge.server.jobs.JobContext;
import io.skillforge.server.jobs.Progress;
import io.skillforge.server.jobs.ProgressListener;
import io.skillforge.server.jobs.stat.WorldData;
import io.skillforge.server.jobs.student.ProbeStudentJob;
import io.skillforge.server.jobs.student.StudentChoice;
import io.skillforge.skills.Example;
import io.skillforge.skills.concurrent.Cancellation;
import io.skillforge.skills.dataset.DatasetLayout;
import io.skillforge.skills.dataset.ExampleJson;
import io.skillforge.skills.index.NearDuplicateSet;
import io.skillforge.skills.world.SkillMix;
import io.skillforge.student.openai.OpenAiStudent;
import io.skillforge.student.probe.ProbeSettings;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A probe spread over two {@code student serve} processes of one checkpoint gives the per-item
 * results one endpoint gives, and still finishes, with the same results, when one of the two is
 * killed (SIGKILL) part way.
 */
class FannedOutProbeTest {
  private static final int ITEMS = 900;

  @TempDir Path dir;

  @Test
  void twoEndpoints_giveOneEndpointsResults_andSurviveOneKilled() throws Exception {
    SmallWorld.seed(dir);
    Path student = dir.resolve("students/s0");
    List<Example> items = new WorldData(new NearDuplicateSet(0.8))
        .draw(ITEMS, 29, SkillMix.uniform(), 0.2, "probe", "test", true);
    Path data = dir.resolve("probe.jsonl");
    Files.writeString(data, items.stream().map(ExampleJson::toJson).collect(Collectors.joining("\n", "", "\n")));
    List<Process> servers = new ArrayList<>();
    try {
      servers.add(serve(student, "a"));
      servers.add(serve(student, "b"));
      URI a = baseUrl(servers.get(0), "a");
      URI b = baseUrl(servers.get(1), "b");

      String alone = probe(new StudentChoice.Endpoint(a, "s0"), "alone", null).get(60, TimeUnit.SECONDS);
      String both = probe(replicas(a, b), "both", null).get(60, TimeUnit.SECONDS);
      assertEquals(alone, both, "two endpoints answered otherwise than one");

      // Again, killing b once a tenth of the items are graded.
      AtomicLong doneAtKill = new AtomicLong(-1);
      List<String> notes = new CopyOnWriteArrayList<>();
      CompletableFuture<String> survived = probe(replicas(a, b), "survived", new ProgressListener() {
        @Override
        public void progress(Progress p) {
          if (p.done() >= ITEMS / 10 && doneAtKill.compareAndSet(-1, p.done())) {
            servers.get(1).destroyForcibly();
          }
        }

        @Override
        public void note(String message) {
          notes.add(message);
        }
      });
      assertEquals(alone, survived.get(120, TimeUnit.SECONDS), "the probe lost or changed items when b died");
      assertTrue(doneAtKill.get() > 0 && doneAtKill.get() < ITEMS, "b died part way: " + doneAtKill.get());
      assertTrue(notes.stream().anyMatch(n -> n.contains(b.toString()) && n.contains("share moves")), notes.toString());
    } finally {
      for (Process p : servers) {
        p.destroyForcibly();
        p.waitFor(30, TimeUnit.SECONDS);
      }
    }
  }

  private static StudentChoice.Replicas replicas(URI a, URI b) {
    return new StudentChoice.Replicas(List.of(new StudentChoice.Endpoint(a, "s0"), new StudentChoice.Endpoint(b, "s0")),
        2);
  }

  /** Probes greedily on a thread of its own; the per-item results file as text. */
  private CompletableFuture<String> probe(StudentChoice.Target target, String name, ProgressListener listener) {
    Path out = dir.resolve(name + ".jsonl");
    ProbeSettings settings = ProbeSettings.of(1).withMaxTokens(24).withChunkItems(64);
    ProbeStudentJob.Request request = new ProbeStudentJob.Request(target, OpenAiStudent.Api.CHAT,
        dir.resolve("probe.jsonl"), DatasetLayout.DEFAULT, null, settings, out, null);
    JobContext context = listener == null ? JobContext.silent() : new JobContext(listener, Cancellation.never());
    return CompletableFuture.supplyAsync(() -> {
      try {
        new ProbeStudentJob().run(request, context);
        return Files.readString(out);
      } catch (Exception e) {
        throw new IllegalStateException(e);
      }
    });
  }

  /** {@code skillforge student serve} of a checkpoint, in a process of its own. */
  private Process serve(Path checkpoint, String name) throws Exception {
    List<String> command = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx512m",
        "-Dai.djl.offline=true", "-cp", System.getProperty("java.class.path"), "io.skillforge.server.cli.Main",
        "student", "serve", "--model", checkpoint.toString(), "--port", "0");
    return new ProcessBuilder(command).redirectError(dir.resolve(name + ".err").toFile()).start();
  }

  private URI baseUrl(Process process, String name) throws Exception {
    Pattern serving = Pattern.compile("on (http://\\S+/v1)");
    BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
    for (String line; (line = out.readLine()) != null; ) {
      Matcher m = serving.matcher(line);
      if (m.find()) {
        return URI.create(m.group(1));
      }
    }
    throw new AssertionError("student serve " + name + " never served: " + Files.readString(dir.resolve(name + ".err")));
  }
}
