package io.skillforge.student.openai;

import io.skillforge.skills.concurrent.Await;
import io.skillforge.student.Student;
import io.skillforge.student.StudentContractTest;
import io.skillforge.student.TrainedCheckpoint;
import io.skillforge.student.builtin.BuiltinStudent;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import java.net.URI;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;

/**
 * The OpenAI-compatible client over real HTTP, through both APIs, against the checkpoint served by
 * {@link StudentServer} on a free port.
 */
class OpenAiStudentContractTest {
  static Vertx vertx;
  static BuiltinStudent served;
  static URI base;

  @BeforeAll
  static void serve() throws Exception {
    served = BuiltinStudent.load(TrainedCheckpoint.get(),
        BuiltinStudent.Options.DEFAULT.withName(StudentContractTest.NAME));
    vertx = Vertx.vertx();
    HttpServer server = Await.result(StudentServer.start(vertx, served, "127.0.0.1", 0));
    base = URI.create("http://127.0.0.1:" + server.actualPort() + "/v1");
  }

  @AfterAll
  static void stop() {
    Await.result(vertx.close());
    served.close();
  }

  @Nested
  class Chat extends StudentContractTest {
    @Override
    protected Student open() {
      return new OpenAiStudent(OpenAiStudent.Config.of(base, NAME));
    }

    @Override
    protected boolean expectedTrainable() {
      return false;
    }
  }

  @Nested
  class Completions extends StudentContractTest {
    @Override
    protected Student open() {
      return new OpenAiStudent(OpenAiStudent.Config.of(base, NAME)
          .withApi(OpenAiStudent.Api.COMPLETIONS).withBatchSize(5));
    }

    @Override
    protected boolean expectedTrainable() {
      return false;
    }
  }
}
