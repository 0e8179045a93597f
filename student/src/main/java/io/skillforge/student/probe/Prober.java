package io.skillforge.student.probe;

import io.skillforge.skills.Example;
import io.skillforge.skills.grading.AnswerGrader;
import io.skillforge.student.Completion;
import io.skillforge.student.Student;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.IntConsumer;

/**
 * Probes a student: asks it every item's question {@code samples} times and grades each response
 * against the item's answer with the shared {@link AnswerGrader}. Skill-world items are also checked
 * step by step, which names the skill each wrong response is missing (its first wrong step).
 *
 * <p>Items go to the student in chunks of {@link ProbeSettings#chunkItems()} items, all submitted
 * at once (the student queues and batches them); chunk {@code c} samples with its own seed, and
 * within a chunk the {@code samples} rows of an item sit next to each other. Stateless.
 */
public final class Prober {
  private Prober() {}

  /**
   * @param progress called with the number of items graded so far, on the student's completion
   *     thread; must be quick
   */
  public static CompletionStage<ProbeReport> probe(
      Student student, List<Example> items, ProbeSettings settings, IntConsumer progress) {
    Objects.requireNonNull(student, "student");
    Objects.requireNonNull(settings, "settings");
    Objects.requireNonNull(progress, "progress");
    List<Example> all = List.copyOf(items);
    long start = System.nanoTime();
    int k = settings.samples();
    List<CompletableFuture<List<ItemResult>>> chunks = new ArrayList<>();
    AtomicInteger graded = new AtomicInteger();
    AtomicLong tokens = new AtomicLong();
    for (int from = 0, chunk = 0; from < all.size(); from += settings.chunkItems(), chunk++) {
      List<Example> part = all.subList(from, Math.min(all.size(), from + settings.chunkItems()));
      List<String> prompts = new ArrayList<>(part.size() * k);
      for (Example e : part) {
        prompts.addAll(Collections.nCopies(k, e.question()));
      }
      chunks.add(student.generate(prompts, settings.sampling(chunk)).thenApply(completions -> {
        List<ItemResult> results = new ArrayList<>(part.size());
        for (int i = 0; i < part.size(); i++) {
          List<Completion> mine = completions.subList(i * k, (i + 1) * k);
          mine.forEach(c -> tokens.addAndGet(c.tokens()));
          results.add(grade(part.get(i), mine));
        }
        progress.accept(graded.addAndGet(part.size()));
        return results;
      }).toCompletableFuture());
    }
    return CompletableFuture.allOf(chunks.toArray(CompletableFuture[]::new)).thenApply(ignored -> {
      List<ItemResult> results = new ArrayList<>(all.size());
      chunks.forEach(c -> results.addAll(c.join()));
      return new ProbeReport(student.name(), settings, results, tokens.get(),
          (System.nanoTime() - start) / 1e9);
    });
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
