package io.skillforge.server.cli.student;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.skillforge.server.cli.Cli;
import io.skillforge.server.cli.ExitCodes;
import io.skillforge.skills.concurrent.Await;
import io.skillforge.student.builtin.BuiltinStudent;
import io.skillforge.student.builtin.TransformerConfig;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** {@code student serve}: its flags are checked before anything loads, and its failures read well. */
class StudentServeCommandTest {
  @TempDir static Path dir;
  static Path checkpoint;

  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  @BeforeAll
  static void writeCheckpoint() {
    checkpoint = dir.resolve("tiny");
    try (BuiltinStudent student = BuiltinStudent.create(TransformerConfig.of(32, 1, 2, 48), 1)) {
      Await.result(student.save(checkpoint));
    }
  }

  private int serve(String... args) {
    String[] all = new String[args.length + 2];
    all[0] = "student";
    all[1] = "serve";
    System.arraycopy(args, 0, all, 2, args.length);
    return Cli.execute(new PrintWriter(out, true), new PrintWriter(err, true), all);
  }

  /** Regression: -1 bound a random port, and 70000 was refused only after loading the model. */
  @ParameterizedTest
  @ValueSource(strings = {"-1", "70000", "65536"})
  void port_outsideTheRange_isAUsageError_beforeTheModelLoads(String port) {
    // The checkpoint does not exist: a port error proves nothing was loaded first.
    assertEquals(ExitCodes.USAGE,
        serve("--model", dir.resolve("missing").toString(), "--port", port));
    assertTrue(err.toString().contains("--port must be between 0 and 65535"), err.toString());
    assertTrue(err.toString().contains(port), err.toString());
    assertFalse(err.toString().contains("missing"), err.toString());
    assertEquals("", out.toString());
  }

  /** Regression: a busy port printed a bare BindException. */
  @Test
  void port_inUse_failsNamingThePortAndTheFlag() throws Exception {
    try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
      int port = taken.getLocalPort();
      assertEquals(ExitCodes.USAGE, serve("--model", checkpoint.toString(), "--port",
          String.valueOf(port)));
      String message = err.toString().strip();
      assertTrue(message.startsWith("skillforge: port " + port + " on 127.0.0.1 is already in use"
          + " (--port)"), message);
      assertFalse(message.contains("Exception"), message);
    }
  }
}
