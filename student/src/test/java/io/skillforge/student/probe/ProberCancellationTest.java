package io.skillforge.student.probe;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.skillforge.skills.Example;
import io.skillforge.skills.concurrent.Await;
import io.skillforge.skills.concurrent.Cancellation;
import io.skillforge.skills.errors.CancelledException;
import io.skillforge.student.Completion;
import io.skillforge.student.FineTuneReport;
import io.skillforge.student.FineTuneSettings;
import io.skillforge.student.Sampling;
import io.skillforge.student.Student;
import io.skillforge.student.TinyTasks;
import io.skillforge.student.TrainingProgress;
import io.skillforge.student.builtin.BuiltinStudent;
import io.skillforge.student.builtin.TransformerConfig;
import io.vertx.core.Future;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Cancelling a probe of a tiny built-in model stops it between chunks. */
class ProberCancellationTest {
  private static final List<Example> ITEMS = TinyTasks.examples(TinyTasks.FIRST, 40, 9);
  private static final int CHUNK = 4;

  private CountingStudent student;

  /** Counts the prompts a real student is asked. */
  private static final class CountingStudent implements Student {
    final BuiltinStudent inner = BuiltinStudent.create(TransformerConfig.of(32, 1, 2, 48), 1);
    final AtomicInteger prompts = new AtomicInteger();

    @Override
    public String name() {
      return inner.name();
    }

    @Override
    public Future<List<Completion>> generate(List<String> questions, Sampling sampling) {
      prompts.addAndGet(questions.size());
      return inner.generate(questions, sampling);
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
    public void close() {
      inner.close();
    }
  }

  @BeforeEach
  void open() {
    student = new CountingStudent();
  }

  @AfterEach
  void close() {
    student.close();
  }

  private static ProbeSettings settings() {
    return ProbeSettings.greedy().withMaxTokens(8).withChunkItems(CHUNK);
  }

  @Test
  void probe_cancelledAfterTheFirstChunk_sendsNoMoreChunks_andFailsWithCancelled() {
    Cancellation cancellation = new Cancellation();
    AtomicInteger progressCalls = new AtomicInteger();
    Future<ProbeReport> probing = Prober.probe(student, ITEMS, settings(), graded -> {
      progressCalls.incrementAndGet();
      cancellation.cancel("stopped by the test");
    }, cancellation);
    CancelledException e = assertThrows(CancelledException.class, () -> Await.result(probing));
    assertEquals("stopped by the test", e.getMessage());
    // The chunk that reported and the one queued behind it; none after the cancellation.
    assertEquals(Prober.CHUNKS_IN_FLIGHT * CHUNK, student.prompts.get());
    assertEquals(1, progressCalls.get());
    assertTrue(student.prompts.get() < ITEMS.size());
  }

  @Test
  void probe_cancelledBeforeItStarts_asksNothing() {
    Cancellation cancellation = new Cancellation();
    cancellation.cancel("no time");
    assertThrows(CancelledException.class, () -> Await.result(
        Prober.probe(student, ITEMS, settings(), graded -> {}, cancellation)));
    assertEquals(0, student.prompts.get());
  }

  @Test
  void probe_notCancelled_gradesEveryItem() {
    ProbeReport report = Await.result(
        Prober.probe(student, ITEMS, settings(), graded -> {}, new Cancellation()));
    assertEquals(ITEMS.size(), report.items().size());
    assertEquals(ITEMS.size(), student.prompts.get());
  }
}
