package io.skillforge.server.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.skillforge.synthesis.teacher.sim.SimOptions;
import io.skillforge.synthesis.teacher.sim.TeacherSim;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.lang.reflect.Proxy;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class TeacherSimCommandTest {

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
  void teacherSim_freePort_servesModelsUntilItsTimeIsUp() throws Exception {
    Pattern url = Pattern.compile("listening on (http://\\S+/v1)");
    StringWriter out = new StringWriter();
    Watched err = new Watched(url);
    AtomicInteger code = new AtomicInteger(-1);
    Thread runner = new Thread(() -> code.set(Cli.execute(new PrintWriter(out), new PrintWriter(err),
        "teacher-sim", "--port", "0", "--for-seconds", "3", "--latency-ms", "5")));
    runner.start();
    assertTrue(err.seen.await(20, TimeUnit.SECONDS), "no URL on stderr: " + err);
    Matcher m = url.matcher(err.toString());
    assertTrue(m.find());
    HttpResponse<String> r = HttpClient.newHttpClient().send(
        HttpRequest.newBuilder(URI.create(m.group(1) + "/models")).GET().build(),
        HttpResponse.BodyHandlers.ofString());
    assertEquals(200, r.statusCode());
    assertTrue(r.body().contains("skillworld-teacher"), r.body());
    runner.join(10_000);
    assertEquals(ExitCodes.OK, code.get(), err.toString());
    assertTrue(err.toString().contains("teacher-sim stopped"), err.toString());
  }

  @Test
  void teacherSim_badRate_isUsageError() {
    CliTest.Run run = CliTest.run("teacher-sim", "--port", "0", "--fail-rate", "1.5");
    assertEquals(ExitCodes.USAGE, run.code());
    assertTrue(run.err().contains("fail rate"), run.err());
  }

  @Test
  void stop_vertxFailsToClose_reportsThenRaisesTheFailure() {
    IllegalStateException boom = new IllegalStateException("event loop stuck");
    Vertx failing = (Vertx) Proxy.newProxyInstance(Vertx.class.getClassLoader(), new Class<?>[] {Vertx.class},
        (proxy, method, args) -> {
          if (method.getName().equals("close") && method.getParameterCount() == 0) {
            return Future.failedFuture(boom);
          }
          throw new UnsupportedOperationException(method.getName());
        });
    TeacherSim sim = new TeacherSim(failing, SimOptions.defaults());
    CountDownLatch stopped = new CountDownLatch(1);
    StringWriter err = new StringWriter();

    IllegalStateException e = assertThrows(IllegalStateException.class,
        () -> TeacherSimCommand.stop(sim, failing, stopped, new PrintWriter(err)));

    assertEquals("teacher-sim did not stop cleanly: event loop stuck", e.getMessage());
    assertSame(boom, e.getCause(), "the failure is kept as the cause");
    assertTrue(err.toString().contains("teacher-sim stopped: 0 chat calls"), err.toString());
    assertEquals(0, stopped.getCount(), "the command is released all the same");
  }
}
