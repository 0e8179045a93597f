package io.skillforge.student.probe;

import io.skillforge.skills.Example;
import io.skillforge.skills.concurrent.Cancellation;
import io.skillforge.skills.errors.CancelledException;
import io.skillforge.skills.grading.AnswerGrader;
import io.skillforge.student.Completion;
import io.skillforge.student.Student;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.IntConsumer;

/**
 * Probes a student: asks it every item's question {@code samples} times and grades each response
 * against the item's answer with the shared {@link AnswerGrader}. Skill-world items are also checked
 * step by step, which names the skill each wrong response is missing (its first wrong step).
 *
 * <p>Items go to the student in chunks of {@link ProbeSettings#chunkItems()} items; chunk {@code c}
 * samples with its own seed, and within a chunk the {@code samples} rows of an item sit next to
 * each other. {@value #CHUNKS_IN_FLIGHT} chunks are with the student at a time (one more than its
 * {@link Student#capacity}, when that is larger), so it always has the next one queued while it
 * works, and a cancelled probe sends no further chunk.
 * Stateless.
 */
public final class Prober {
  /** Chunks handed to the student at once: one generating, one queued behind it. */
  static final int CHUNKS_IN_FLIGHT = 2;

  private Prober() {}

  /**
   * Probes {@code items}.
   *
   * @param progress called with the number of items graded so far, on the student's completion
   *     thread; must be quick
   * @param cancellation once it fires, no further chunk is sent and the future fails at once with
   *     {@link CancelledException} (chunks already sent finish on their own and are dropped)
   * @return the report; fails with the student's failure as soon as one chunk fails
   */
  public static Future<ProbeReport> probe(Student student, List<Example> items,
      ProbeSettings settings, IntConsumer progress, Cancellation cancellation) {
    Objects.requireNonNull(student, "student");
    Objects.requireNonNull(settings, "settings");
    Objects.requireNonNull(progress, "progress");
    Objects.requireNonNull(cancellation, "cancellation");
    return new Run(student, List.copyOf(items), settings, progress, cancellation).start();
  }

  /** One probe: sends chunks in order, a few at a time, and collects their graded items. */
  private static final class Run {
    private final Student student;
    private final List<Example> items;
    private final ProbeSettings settings;
    private final IntConsumer progress;
    private final Cancellation cancellation;
    private final Promise<ProbeReport> promise = Promise.promise();
    private final List<List<ItemResult>> results = new ArrayList<>();
    private final long startNanos = System.nanoTime();
    private final int chunks;
    private volatile Cancellation.Registration registration = () -> {};
    private int nextChunk;
    private int doneChunks;
    private int graded;
    private long tokens;

    Run(Student student, List<Example> items, ProbeSettings settings, IntConsumer progress,
        Cancellation cancellation) {
      this.student = student;
      this.items = items;
      this.settings = settings;
      this.progress = progress;
      this.cancellation = cancellation;
      this.chunks = (items.size() + settings.chunkItems() - 1) / settings.chunkItems();
      for (int c = 0; c < chunks; c++) {
        results.add(null);
      }
    }

    Future<ProbeReport> start() {
      registration = cancellation.onCancel(
          () -> promise.tryFail(new CancelledException(cancellation.reason())));
      if (chunks == 0) {
        finish();
      }
      // One chunk queued behind every one being generated.
      int inFlight = Math.max(CHUNKS_IN_FLIGHT, student.capacity() + 1);
      for (int c = 0; c < inFlight; c++) {
        sendNext();
      }
      return promise.future();
    }

    private void sendNext() {
      int chunk;
      synchronized (this) {
        if (nextChunk == chunks || promise.future().isComplete()) {
          return;
        }
        chunk = nextChunk++;
      }
      int from = chunk * settings.chunkItems();
      List<Example> part = items.subList(from, Math.min(items.size(), from + settings.chunkItems()));
      int k = settings.samples();
      List<String> prompts = new ArrayList<>(part.size() * k);
      for (Example e : part) {
        prompts.addAll(Collections.nCopies(k, e.question()));
      }
      Future<List<Completion>> generated;
      try {
        generated = student.generate(prompts, settings.sampling(chunk));
      } catch (RuntimeException e) {
        fail(e);
        return;
      }
      generated.onComplete(done -> {
        if (done.failed()) {
          fail(done.cause());
        } else {
          collect(chunk, part, done.result());
        }
      });
    }

    private void collect(int chunk, List<Example> part, List<Completion> completions) {
      int k = settings.samples();
      List<ItemResult> graded = new ArrayList<>(part.size());
      long chunkTokens = 0;
      for (int i = 0; i < part.size(); i++) {
        List<Completion> mine = completions.subList(i * k, (i + 1) * k);
        for (Completion c : mine) {
          chunkTokens += c.tokens();
        }
        graded.add(grade(part.get(i), mine));
      }
      int gradedSoFar;
      boolean last;
      synchronized (this) {
        results.set(chunk, graded);
        tokens += chunkTokens;
        this.graded += part.size();
        gradedSoFar = this.graded;
        last = ++doneChunks == chunks;
      }
      if (promise.future().isComplete()) {
        return;
      }
      try {
        progress.accept(gradedSoFar);
      } catch (RuntimeException e) {
        fail(e);
        return;
      }
      if (last) {
        finish();
      } else if (!cancellation.isCancelled()) {
        sendNext();
      }
    }

    private void finish() {
      List<ItemResult> all = new ArrayList<>(items.size());
      long generatedTokens;
      synchronized (this) {
        results.forEach(all::addAll);
        generatedTokens = tokens;
      }
      registration.close();
      promise.tryComplete(new ProbeReport(student.name(), settings, all, generatedTokens,
          (System.nanoTime() - startNanos) / 1e9));
    }

    private void fail(Throwable cause) {
      registration.close();
      promise.tryFail(cause);
    }
  }

  /** Grades the responses to one item. */
  static ItemResult grade(Example item, List<Completion> completions) {
    List<String> responses = new ArrayList<>(completions.size());
    List<String> answers = new ArrayList<>(completions.size());
    List<Boolean> correct = new ArrayList<>(completions.size());
    Map<String, Integer> votes = new LinkedHashMap<>();
    int right = 0;
    for (Completion c : completions) {
      String answer = AnswerGrader.extractFinalAnswer(c.text()).orElse("");
      boolean ok = AnswerGrader.equivalent(item.answer(), c.text());
      responses.add(c.text());
      answers.add(answer);
      correct.add(ok);
      right += ok ? 1 : 0;
      if (!answer.isEmpty()) {
        votes.merge(AnswerGrader.canonical(answer), 1, Integer::sum);
      }
    }
    String majority = "";
    int majorityCount = 0;
    for (Map.Entry<String, Integer> vote : votes.entrySet()) {
      if (vote.getValue() > majorityCount) {
        majority = vote.getKey();
        majorityCount = vote.getValue();
      }
    }
    StepChecks.Outcome steps = StepChecks.check(item, responses);
    return new ItemResult(item.id(), item.question(), item.answer(), item.skills(), responses,
        answers, correct, completions.isEmpty() ? 0 : (double) right / completions.size(),
        majority, majorityCount, steps.missingSkills(), steps.steps());
  }
}
