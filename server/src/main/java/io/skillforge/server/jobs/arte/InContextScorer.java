package io.skillforge.server.jobs.arte;

import io.skillforge.skills.Example;
import io.skillforge.skills.concurrent.Await;
import io.skillforge.skills.concurrent.Cancellation;
import io.skillforge.skills.dataset.TrainingSetWriter;
import io.skillforge.skills.grading.AnswerGrader;
import io.skillforge.student.Completion;
import io.skillforge.student.Sampling;
import io.skillforge.student.Student;
import io.skillforge.synthesis.arte.ArtePrompts;
import io.skillforge.synthesis.arte.Cell;
import io.skillforge.synthesis.arte.CellScore;
import io.skillforge.synthesis.arte.PreferenceScorer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The paper's proxy of a student's preference, for students that learn in context (a model behind
 * an OpenAI-compatible endpoint): each draft is the one solved example before every question of
 * the skill's preference set, answered greedily; the draft's score is the student's accuracy so,
 * less its accuracy without an example. The cell's score is the mean of its drafts'. Every draft
 * costs one generation per preference question.
 */
public final class InContextScorer implements PreferenceScorer {
  private final Student student;
  private final Map<String, List<Example>> preferenceSets;
  private final int maxTokens;
  private final Cancellation cancellation;
  private final Map<String, Double> zeroShot = new HashMap<>();
  private final String fingerprint;

  /**
   * @param preferenceSets per skill, the questions each draft is measured on (the paper: the 40
   *     most discriminative, {@link PreferenceSets#mostDiscriminative})
   * @param maxTokens response budget per question
   */
  public InContextScorer(Student student, Map<String, List<Example>> preferenceSets, int maxTokens,
      Cancellation cancellation) {
    this.student = student;
    this.preferenceSets = Map.copyOf(preferenceSets);
    this.maxTokens = maxTokens;
    this.cancellation = cancellation;
    StringBuilder f = new StringBuilder("in-context ").append(student.name()).append(' ').append(maxTokens);
    preferenceSets.entrySet().stream().sorted(Map.Entry.comparingByKey()).forEach(e -> {
      f.append(' ').append(e.getKey()).append(':');
      e.getValue().forEach(x -> f.append(x.id()).append(','));
    });
    this.fingerprint = f.toString();
  }

  @Override
  public CellScore score(Cell cell, List<Example> examples) {
    List<Example> preference = preferenceSets.get(cell.skill());
    if (preference == null || preference.isEmpty()) {
      throw new IllegalArgumentException("no preference set for the skill " + cell.skill());
    }
    double before = zeroShot.computeIfAbsent(cell.skill(),
        s -> accuracy(preference.stream().map(Example::question).toList(), preference));
    Map<String, Double> drafts = new LinkedHashMap<>();
    double sum = 0;
    for (Example demo : examples) {
      cancellation.check();
      String solution = TrainingSetWriter.completion(demo);
      List<String> prompts = preference.stream()
          .map(q -> ArtePrompts.oneShot(demo.question(), solution, q.question())).toList();
      double gained = accuracy(prompts, preference) - before;
      drafts.put(demo.id(), gained);
      sum += gained;
    }
    double score = examples.isEmpty() ? 0 : sum / examples.size();
    return new CellScore(cell, score, before, before + score, 0, 0, examples.size(), preference.size(), drafts);
  }

  @Override
  public String fingerprint() {
    return fingerprint;
  }

  private double accuracy(List<String> prompts, List<Example> items) {
    List<Completion> answers = Await.result(student.generate(prompts, Sampling.greedy(maxTokens)), cancellation);
    int right = 0;
    for (int i = 0; i < items.size(); i++) {
      right += AnswerGrader.equivalent(items.get(i).answer(), answers.get(i).text()) ? 1 : 0;
    }
    return (double) right / items.size();
  }
}
