package io.skillforge.server.jobs.distill;

import java.nio.file.Path;

/**
 * The files of one round, in {@code RUN/round-N/}. Each is written atomically when its step ends,
 * so a file that exists is a step that finished: a rerun skips it.
 */
record RoundFiles(Path dir) {
  /** The validation probe of the round's starting student (items, and the summary beside it). */
  Path probe() {
    return dir.resolve("probe.jsonl");
  }

  /** Round 1 with a test set: the starting student on the test set. */
  Path evaluationBefore() {
    return dir.resolve("before.jsonl");
  }

  /** The teacher's diagnosis of each difficult item. */
  Path diagnoses() {
    return dir.resolve("diagnoses.jsonl");
  }

  Path profile() {
    return dir.resolve("profile.json");
  }

  /** The training set as chat messages, for fine-tuning stacks. */
  Path training() {
    return dir.resolve("training.jsonl");
  }

  Path trainingPromptCompletion() {
    return dir.resolve("training.prompt-completion.jsonl");
  }

  /** The training set with every field, read back by a resumed run and the built-in trainer. */
  Path trainingFull() {
    return dir.resolve("training.full.jsonl");
  }

  /** What the training set holds. */
  Path data() {
    return dir.resolve("data.json");
  }

  /** The fine-tuned built-in student. */
  Path checkpoint() {
    return dir.resolve("checkpoint");
  }

  /** What the fine-tuning did; written last, so it marks the step done. */
  Path trained() {
    return dir.resolve("training-summary.json");
  }

  /** The external fine-tuning command's output. */
  Path fineTuneLog() {
    return dir.resolve("fine-tune.log");
  }

  /** The fine-tuned student on the evaluation set. */
  Path after() {
    return dir.resolve("after.jsonl");
  }

  Path reportJson() {
    return dir.resolve("report.json");
  }

  Path reportHtml() {
    return dir.resolve("report.html");
  }
}
