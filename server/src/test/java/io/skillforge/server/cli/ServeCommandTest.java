package io.skillforge.server.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.skillforge.server.config.SkillforgeConfig;
import io.skillforge.server.jobs.JobServices;
import io.skillforge.server.jobs.index.IndexAccess;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ServeCommandTest {
  @TempDir Path dir;

  /** Collects what is written and releases {@link #seen} once the text matches a pattern. */
  private static final class Watched extends StringWriter {
    final CountDownLatch seen = new CountDownLatch(1);
    private final Pattern pattern;

    Watched(Pattern pattern) {
      this.pattern = pattern;
    }

    @Override
    public void flush() {
      super.flush();
      if (pattern.matcher(toString()).find()) {
        seen.countDown();
      }
    }
  }

  @Test
  void serve_tokenFromTheEnvironment_servesUntilInterrupted() throws Exception {
    Pattern serving = Pattern.compile("serving on (http://\\S+) \\(data in (\\S+)\\)");
    Watched out = new Watched(serving);
    StringWriter err = new StringWriter();
    Map<String, String> env = Map.of("SKILLFORGE_SERVER_TOKEN", "from-env");
    JobServices services = new JobServices(() -> SkillforgeConfig.load(env, null), env, IndexAccess.perJob());
    AtomicInteger code = new AtomicInteger(-1);
    Thread runner = new Thread(() -> code.set(Cli.execute(services, new PrintWriter(out), new PrintWriter(err),
        "serve", "--port", "0", "--data-dir", dir.resolve("data").toString())));
    runner.start();
    assertTrue(out.seen.await(60, TimeUnit.SECONDS), "no address on stdout: " + out + err);
    Matcher m = serving.matcher(out.toString());
    assertTrue(m.find());
    HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    HttpResponse<String> health = client.send(HttpRequest.newBuilder(URI.create(m.group(1) + "/health")).build(),
        HttpResponse.BodyHandlers.ofString());
    assertEquals(200, health.statusCode());
    HttpResponse<String> jobs = client.send(HttpRequest.newBuilder(URI.create(m.group(1) + "/jobs"))
        .header("Authorization", "Bearer from-env").build(), HttpResponse.BodyHandlers.ofString());
    assertEquals(200, jobs.statusCode(), jobs.body());
    assertTrue(Files.exists(dir.resolve("data/jobs.db")), "the job store is in the data directory");
    runner.interrupt();
    runner.join(30_000);
    assertEquals(ExitCodes.OK, code.get(), err.toString());
  }

  @Test
  void serve_noTokenOnAnOpenAddress_isAUsageError() {
    CliTest.Run run = CliTest.run("serve", "--host", "0.0.0.0", "--port", "0", "--data-dir",
        dir.resolve("data").toString());
    assertEquals(ExitCodes.USAGE, run.code(), run.err());
    assertTrue(run.err().contains("not a loopback address"), run.err());
    assertTrue(!Files.exists(dir.resolve("data")), "nothing was created");
  }
}
