package io.skillforge.student.fanout;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.skillforge.skills.Example;
import io.skillforge.skills.concurrent.Await;
import io.skillforge.skills.concurrent.Cancellation;
import io.skillforge.skills.errors.BadInputException;
import io.skillforge.student.Completion;
import io.skillforge.student.FineTuneReport;
import io.skillforge.student.FineTuneSettings;
import io.skillforge.student.Sampling;
import io.skillforge.student.Student;
import io.skillforge.student.StudentUnavailableException;
import io.skillforge.student.TrainingProgress;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The fan-out over replicas that stand in for endpoints (the remote edge): answers in order, the
 * slow replica's share going to the fast one, a dead replica's requests moved, a bad request failed
 * at once. The real endpoints are probed in the server's fanned-out probe test.
 */
class FanOutStudentTest {
  private final ScheduledExecutorService timers = Executors.newScheduledThreadPool(4);
  private final List<String> notices = new CopyOnWriteArrayList<>();

  @AfterEach
  void stop() {
    timers.shutdownNow();
  }

  /** Echoes each prompt after {@code latencyMs}; fails every request once dead. */
  private final class Replica implements Student {
    final long latencyMs;
    volatile RuntimeException dead;
    int answered;

    Replica(long latencyMs) {
      this.latencyMs = latencyMs;
    }

    @Override
    public String name() {
      return "echo";
    }

    @Override
    public Future<List<Completion>> generate(List<String> prompts, Sampling sampling) {
      Promise<List<Completion>> promise = Promise.promise();
      timers.schedule(() -> {
        if (dead != null) {
          promise.fail(dead);
          return;
        }
        synchronized (this) {
          answered++;
        }
        List<Completion> out = new ArrayList<>();
        for (String p : prompts) {
          out.add(new Completion("answer to " + p, 3, Completion.Finish.STOP));
        }
        promise.complete(out);
      }, latencyMs, TimeUnit.MILLISECONDS);
      return promise.future();
    }

    @Override
    public boolean trainable() {
      return false;
    }

    @Override
    public Future<FineTuneReport> fineTune(List<Example> examples, FineTuneSettings settings,
        Consumer<TrainingProgress> listener, Cancellation cancellation) {
      throw new UnsupportedOperationException();
    }

    @Override
    public Future<Void> save(Path directory) {
      throw new UnsupportedOperationException();
    }

    @Override
    public void close() {}
  }

  private FanOutStudent fanOut(Replica... replicas) {
    List<FanOutStudent.Replica> list = new ArrayList<>();
    for (int i = 0; i < replicas.length; i++) {
      list.add(new FanOutStudent.Replica("r" + i, replicas[i], 2));
    }
    return new FanOutStudent(list, Duration.ofSeconds(30), notices::add);
  }

  private static List<Future<List<Completion>>> ask(Student student, int requests) {
    List<Future<List<Completion>>> answers = new ArrayList<>();
    for (int i = 0; i < requests; i++) {
      answers.add(student.generate(List.of("q" + i), Sampling.greedy()));
    }
    return answers;
  }

  @Test
  void answersComeBackInOrder_andTheSlowReplicaTakesFewer() {
    Replica fast = new Replica(5);
    Replica slow = new Replica(100);
    FanOutStudent student = fanOut(fast, slow);
    assertEquals(4, student.capacity());
    List<Future<List<Completion>>> answers = ask(student, 60);
    for (int i = 0; i < answers.size(); i++) {
      assertEquals("answer to q" + i, Await.result(answers.get(i)).get(0).text());
    }
    assertEquals(60, fast.answered + slow.answered);
    assertTrue(fast.answered > 3 * slow.answered, "fast " + fast.answered + ", slow " + slow.answered);
  }

  @Test
  void aDeadReplicasRequests_moveToTheOthers() {
    Replica alive = new Replica(5);
    Replica dying = new Replica(5);
    dying.dead = new StudentUnavailableException("nothing listens at http://127.0.0.1:9/v1");
    FanOutStudent student = fanOut(dying, alive);
    List<Future<List<Completion>>> answers = ask(student, 20);
    for (int i = 0; i < answers.size(); i++) {
      assertEquals("answer to q" + i, Await.result(answers.get(i)).get(0).text());
    }
    assertEquals(20, alive.answered);
    assertEquals(List.of(0L, 20L), student.served());
    assertEquals(1, notices.size(), "one notice while the replica rests: " + notices);
    assertTrue(notices.get(0).contains("r0") && notices.get(0).contains("share moves"), notices.get(0));
  }

  @Test
  void aRequestEveryReplicaFails_failsNamingTheLastFailure() {
    Replica a = new Replica(1);
    Replica b = new Replica(1);
    a.dead = new StudentUnavailableException("a is down");
    b.dead = new StudentUnavailableException("b is down");
    Future<List<Completion>> answer = fanOut(a, b).generate(List.of("q"), Sampling.greedy());
    StudentUnavailableException e = assertThrows(StudentUnavailableException.class, () -> Await.result(answer));
    assertTrue(e.getMessage().contains("every endpoint failed"), e.getMessage());
  }

  @Test
  void aBadRequest_failsAtOnceWithoutTryingAnotherReplica() {
    Replica a = new Replica(1);
    Replica b = new Replica(1);
    a.dead = new BadInputException("the student at r0 refused the request (HTTP 400)");
    b.dead = new BadInputException("the student at r1 refused the request (HTTP 400)");
    FanOutStudent student = fanOut(a, b);
    Future<List<Completion>> answer = student.generate(List.of("q"), Sampling.greedy());
    RuntimeException e = assertThrows(RuntimeException.class, () -> Await.result(answer));
    assertInstanceOf(BadInputException.class, e);
    assertEquals(List.of(), notices);
  }
}
