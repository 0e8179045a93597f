package io.skillforge.server.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class TeacherSimCommandTest {

  @Test
  void teacherSim_freePort_servesModelsUntilItsTimeIsUp() throws Exception {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    AtomicInteger code = new AtomicInteger(-1);
    Thread runner = new Thread(() -> code.set(Cli.execute(new PrintWriter(out), new PrintWriter(err),
        "teacher-sim", "--port", "0", "--for-seconds", "3", "--latency-ms", "5")));
    runner.start();
    Pattern url = Pattern.compile("listening on (http://\\S+/v1)");
    Matcher m = url.matcher("");
    for (int i = 0; i < 100 && !m.reset(err.toString()).find(); i++) {
      Thread.sleep(50);
    }
    assertTrue(m.reset(err.toString()).find(), "no URL on stderr: " + err);
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
}
