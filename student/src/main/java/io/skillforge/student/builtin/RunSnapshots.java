package io.skillforge.student.builtin;

import ai.djl.ndarray.NDManager;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.skillforge.student.FineTuneSettings;
import io.skillforge.student.builtin.TrainingBatches.Sequence;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Snapshots of one training run in a directory, from which the run continues to the bit after a
 * crash: the weights (as a checkpoint, usable on its own), the optimizer's state, and the steps,
 * tokens and losses so far. A snapshot belongs to one run, identified by a fingerprint of the
 * settings, the worker count, the encoded training data and the model it started from; resuming
 * from a snapshot of another run is refused.
 *
 * <p>A snapshot is written to {@code DIR.next} ({@value #RUN} last), then moved to {@code DIR}
 * (the previous one moved aside to {@code DIR.old} first, and deleted last), so a crash at any
 * point leaves a complete snapshot in one of the three.
 */
final class RunSnapshots {
  static final String RUN = "run.json";
  static final String OPTIMIZER = "optimizer.bin";
  private static final ObjectMapper JSON = new ObjectMapper();

  /** What a snapshot restores besides weights and optimizer state. */
  record Resumed(int steps, long tokens, List<Double> losses) {}

  private final Path directory;
  private final int every;
  private final String fingerprint;

  /**
   * @param directory where snapshots go
   * @param every steps between snapshots, positive
   * @param fingerprint {@link #fingerprint} of the run
   */
  RunSnapshots(Path directory, int every, String fingerprint) {
    if (every <= 0) {
      throw new IllegalArgumentException("snapshot interval must be > 0 but was " + every);
    }
    this.directory = directory;
    this.every = every;
    this.fingerprint = fingerprint;
  }

  /** Identifies a run: what it trains on, how, and from which weights and history. */
  static String fingerprint(List<Sequence> sequences, double[] weights, FineTuneSettings settings,
      int workers, StudentMetadata start, DecoderModel model) {
    MessageDigest digest = sha256();
    try (DataOutputStream out = new DataOutputStream(new BufferedOutputStream(
        new DigestOutputStream(OutputStream.nullOutputStream(), digest), 1 << 16))) {
      out.writeUTF(settings.toString());
      out.writeInt(workers);
      out.writeUTF(Checkpoint.toJson(start).toString());
      for (int i = 0; i < sequences.size(); i++) {
        Sequence s = sequences.get(i);
        out.writeInt(s.tokens().length);
        for (int t : s.tokens()) {
          out.writeInt(t);
        }
        out.writeInt(s.promptLength());
        out.writeDouble(weights[i]);
      }
      for (var p : model.getParameters().values()) {
        out.write(p.getArray().toByteArray());
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return HexFormat.of().formatHex(digest.digest());
  }

  boolean due(int stepsDone, int totalSteps) {
    return stepsDone % every == 0 && stepsDone < totalSteps;
  }

  /**
   * Restores the model, the optimizer and the progress from this run's snapshot, if there is one.
   *
   * @throws IllegalArgumentException when the directory holds a snapshot of another run
   */
  Optional<Resumed> resume(DecoderModel model, NDManager manager, AdamW optimizer)
      throws IOException {
    // run.json is written last: a directory that has it holds a whole snapshot. A crash while
    // one snapshot replaced another can leave the newer one in DIR.next, the older in DIR.old.
    Path current = Stream.of(directory, sibling(directory, ".next"), aside())
        .filter(d -> Files.isRegularFile(d.resolve(RUN))).findFirst().orElse(null);
    if (current == null) {
      return Optional.empty();
    }
    JsonNode run = JSON.readTree(current.resolve(RUN).toFile());
    if (!fingerprint.equals(run.path("fingerprint").asText())) {
      throw new IllegalArgumentException(current + " holds a snapshot of another training run"
          + " (other data, settings, worker count or starting model); delete it to start over,"
          + " or train into another directory");
    }
    if (!current.equals(directory)) {
      deleteTree(directory);
      Files.move(current, directory, StandardCopyOption.ATOMIC_MOVE);
      current = directory;
    }
    Checkpoint.loadParameters(current, model, manager);
    try (DataInputStream in = new DataInputStream(
        new BufferedInputStream(Files.newInputStream(current.resolve(OPTIMIZER)), 1 << 16))) {
      optimizer.readState(in);
    }
    List<Double> losses = new ArrayList<>();
    for (JsonNode loss : run.required("losses")) {
      losses.add(loss.asDouble());
    }
    return Optional.of(new Resumed(run.required("steps").asInt(), run.required("tokens").asLong(),
        losses));
  }

  /** Writes a snapshot after {@code steps} steps, replacing the previous one. */
  void save(DecoderModel model, StudentMetadata partial, AdamW optimizer, int steps, long tokens,
      List<Double> losses) {
    Path next = sibling(directory, ".next");
    try {
      deleteTree(next);
      Checkpoint.save(next, model, partial);
      try (DataOutputStream out = new DataOutputStream(
          new BufferedOutputStream(Files.newOutputStream(next.resolve(OPTIMIZER)), 1 << 16))) {
        optimizer.writeState(out);
      }
      ObjectNode run = JSON.createObjectNode();
      run.put("fingerprint", fingerprint);
      run.put("steps", steps);
      run.put("tokens", tokens);
      ArrayNode values = run.putArray("losses");
      losses.forEach(values::add);
      Files.writeString(next.resolve(RUN), run + "\n");
      Path aside = aside();
      deleteTree(aside);
      if (Files.exists(directory)) {
        Files.move(directory, aside, StandardCopyOption.ATOMIC_MOVE);
      }
      Files.move(next, directory, StandardCopyOption.ATOMIC_MOVE);
      deleteTree(aside);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write a training snapshot to " + directory, e);
    }
  }

  /** Deletes the snapshots in {@code directory} (and beside it), once the run has finished. */
  static void clear(Path directory) throws IOException {
    deleteTree(directory);
    deleteTree(sibling(directory, ".old"));
    deleteTree(sibling(directory, ".next"));
  }

  private Path aside() {
    return sibling(directory, ".old");
  }

  private static Path sibling(Path directory, String suffix) {
    return directory.resolveSibling(directory.getFileName() + suffix);
  }

  private static void deleteTree(Path root) throws IOException {
    if (!Files.exists(root)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(root)) {
      for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    }
  }

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this JVM", e);
    }
  }
}
