package io.skillforge.server.jobs.arte;

import io.skillforge.skills.concurrent.Cancellation;
import io.skillforge.skills.errors.NotFoundException;
import io.skillforge.skills.Example;
import io.skillforge.skills.concurrent.Await;
import io.skillforge.student.FineTuneSettings;
import io.skillforge.student.builtin.BuiltinStudent;
import io.skillforge.student.probe.ProbeReport;
import io.skillforge.student.probe.ProbeSettings;
import io.skillforge.student.probe.Prober;
import io.skillforge.synthesis.arte.Cell;
import io.skillforge.synthesis.arte.CellScore;
import io.skillforge.synthesis.arte.PreferenceScorer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;

/**
 * The lookahead proxy of a student's preference, for the built-in student, which has no in-context
 * learning: a copy of the student is fine-tuned for a few steps on the cell's examples, mixed with
 * seed-pool items as the real training mixes them, and the cell's score is the change in the copy's
 * greedy accuracy on the skill's preference set, ties broken by the change in the loss of the set's
 * reference solutions ({@link CellScore#of}). Every cell of a run mixes in the same pool items, so
 * cells differ only in their own examples. The same cell and seed give the same score (training
 * and decoding are seeded). One cell at a time; the student before is measured once per skill.
 */
public final class LookaheadScorer implements PreferenceScorer {
  /**
   * @param steps fine-tuning steps of each lookahead
   * @param learningRate its peak learning rate
   * @param mixBack share of each lookahead's data drawn from the seed pool, in [0, 1)
   * @param threads training workers
   * @param seed seeds the data order and the pool items drawn
   */
  public record Settings(int steps, double learningRate, double mixBack, int threads, long seed) {
    public Settings {
      if (!(mixBack >= 0 && mixBack < 1)) {
        throw new IllegalArgumentException("mixBack must be in [0, 1) but was " + mixBack);
      }
    }
  }

  private final Path checkpoint;
  private final Map<String, List<Example>> preferenceSets;
  private final Settings settings;
  private final Cancellation cancellation;
  private final List<Example> pool;
  private final Map<String, Measured> before = new HashMap<>();
  private final String fingerprint;

  /**
   * @param checkpoint the student's checkpoint directory; never written
   * @param preferenceSets per skill, the items a cell's score is measured on
   * @param pool the seed pool mixed-back items are drawn from
   */
  public LookaheadScorer(Path checkpoint, Map<String, List<Example>> preferenceSets, List<Example> pool,
      Settings settings, Cancellation cancellation) throws IOException {
    this.checkpoint = checkpoint;
    this.preferenceSets = Map.copyOf(preferenceSets);
    List<Example> shuffled = new ArrayList<>(pool);
    Collections.shuffle(shuffled, new Random(settings.seed()));
    this.pool = shuffled;
    this.settings = settings;
    this.cancellation = cancellation;
    StringBuilder f = new StringBuilder("lookahead ").append(settings).append(' ').append(digest(checkpoint))
        .append(" pool ").append(pool.size()).append(pool.isEmpty() ? "" : " " + shuffled.get(0).id());
    preferenceSets.entrySet().stream().sorted(Map.Entry.comparingByKey()).forEach(e -> {
      f.append(' ').append(e.getKey()).append(':');
      e.getValue().forEach(x -> f.append(x.id()).append(','));
    });
    this.fingerprint = f.toString();
  }

  @Override
  public CellScore score(Cell cell, List<Example> examples) throws IOException {
    List<Example> preference = preferenceSets.get(cell.skill());
    if (preference == null || preference.isEmpty()) {
      throw new IllegalArgumentException("no preference set for the skill " + cell.skill());
    }
    Measured start = before.containsKey(cell.skill()) ? before.get(cell.skill()) : measureBefore(cell.skill(), preference);
    BuiltinStudent.Options options = BuiltinStudent.Options.DEFAULT.withTrainingThreads(settings.threads());
    FineTuneSettings fineTune = FineTuneSettings.defaults(settings.steps()).withSeed(settings.seed())
        .withLearningRate(settings.learningRate());
    int mixed = (int) Math.min(pool.size(), Math.round(examples.size() * settings.mixBack() / (1 - settings.mixBack())));
    List<Example> data = new ArrayList<>(examples);
    data.addAll(pool.subList(0, mixed));
    try (BuiltinStudent copy = BuiltinStudent.load(checkpoint, options)) {
      Await.result(copy.fineTune(data, fineTune, p -> { }, cancellation), cancellation);
      Measured after = measure(copy, preference);
      return CellScore.of(cell, start.accuracy(), after.accuracy(), start.loss(), after.loss(), examples.size(),
          preference.size());
    }
  }

  @Override
  public String fingerprint() {
    return fingerprint;
  }

  /** Greedy accuracy on a preference set, and the loss of its reference solutions. */
  private record Measured(double accuracy, double loss) {}

  private Measured measureBefore(String skill, List<Example> preference) throws IOException {
    try (BuiltinStudent student = BuiltinStudent.load(checkpoint)) {
      Measured measured = measure(student, preference);
      before.put(skill, measured);
      return measured;
    }
  }

  private Measured measure(BuiltinStudent student, List<Example> items) {
    ProbeReport report = Await.result(Prober.probe(student, items, ProbeSettings.greedy(), done -> { }, cancellation),
        cancellation);
    double loss = Await.result(student.responseLoss(items), cancellation);
    return new Measured(report.accuracy(), loss);
  }

  /** A short hash of the checkpoint's files, so a retrained student is scored afresh. */
  private static String digest(Path dir) throws IOException {
    try {
      MessageDigest sha = MessageDigest.getInstance("SHA-256");
      List<Path> files;
      try (Stream<Path> s = Files.list(dir)) {
        files = s.filter(Files::isRegularFile).sorted().toList();
      }
      for (Path file : files) {
        sha.update(file.getFileName().toString().getBytes(StandardCharsets.UTF_8));
        try (InputStream in = new DigestInputStream(Files.newInputStream(file), sha)) {
          in.transferTo(OutputStream.nullOutputStream());
        }
      }
      return HexFormat.of().formatHex(sha.digest(), 0, 12);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this JVM", e);
    } catch (NoSuchFileException e) {
      throw new NotFoundException("no student checkpoint at " + dir, e);
    }
  }
}
