package io.skillforge.student.builtin;

import ai.djl.MalformedModelException;
import ai.djl.ndarray.NDManager;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;

/**
 * A checkpoint directory: {@value #CONFIG} (format, model shape, training metadata) and
 * {@value #PARAMS} (DJL's parameter encoding of the model block). Each file is written to a
 * temporary name and moved into place, so a crash never leaves a half-written file under the real
 * name.
 */
final class Checkpoint {
  static final String CONFIG = "config.json";
  static final String PARAMS = "model.params";
  static final String FORMAT = "skillforge-student";
  static final int VERSION = 1;

  private static final ObjectMapper JSON =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  private Checkpoint() {}

  static void save(Path directory, DecoderModel model, StudentMetadata metadata) throws IOException {
    Files.createDirectories(directory);
    Path params = directory.resolve(PARAMS + ".tmp");
    try (DataOutputStream out = new DataOutputStream(
        new BufferedOutputStream(Files.newOutputStream(params), 1 << 16))) {
      model.saveParameters(out);
    }
    Files.move(params, directory.resolve(PARAMS), StandardCopyOption.REPLACE_EXISTING,
        StandardCopyOption.ATOMIC_MOVE);
    Path config = directory.resolve(CONFIG + ".tmp");
    try (OutputStream out = Files.newOutputStream(config)) {
      out.write((JSON.writeValueAsString(toJson(metadata)) + "\n").getBytes(StandardCharsets.UTF_8));
    }
    Files.move(config, directory.resolve(CONFIG), StandardCopyOption.REPLACE_EXISTING,
        StandardCopyOption.ATOMIC_MOVE);
  }

  /**
   * Reads the metadata of a checkpoint.
   *
   * @throws IllegalArgumentException when the directory holds no checkpoint or a malformed one
   */
  static StudentMetadata readMetadata(Path directory) throws IOException {
    Path config = directory.resolve(CONFIG);
    if (!Files.isRegularFile(config) || !Files.isRegularFile(directory.resolve(PARAMS))) {
      throw new IllegalArgumentException(
          "no student checkpoint in " + directory + " (expected " + CONFIG + " and " + PARAMS + ")");
    }
    JsonNode root = JSON.readTree(config.toFile());
    if (!FORMAT.equals(root.path("format").asText()) || root.path("version").asInt() != VERSION) {
      throw new IllegalArgumentException(config + " is not a " + FORMAT + " version " + VERSION
          + " checkpoint");
    }
    try {
      return fromJson(root);
    } catch (RuntimeException e) {
      throw new IllegalArgumentException("malformed " + config + ": " + e.getMessage(), e);
    }
  }

  /** Loads the saved weights into {@code model}, whose shape must match the checkpoint's. */
  static void loadParameters(Path directory, DecoderModel model, NDManager manager)
      throws IOException {
    try (DataInputStream in = new DataInputStream(
        new BufferedInputStream(Files.newInputStream(directory.resolve(PARAMS)), 1 << 16))) {
      model.loadParameters(manager, in);
      model.moveParametersToEngineMemory();
    } catch (MalformedModelException e) {
      throw new IllegalArgumentException(
          "malformed " + directory.resolve(PARAMS) + ": " + e.getMessage(), e);
    }
  }

  static ObjectNode toJson(StudentMetadata metadata) {
    ObjectNode root = JSON.createObjectNode();
    root.put("format", FORMAT);
    root.put("version", VERSION);
    TransformerConfig c = metadata.config();
    ObjectNode model = root.putObject("model");
    model.put("vocabSize", c.vocabSize());
    model.put("dModel", c.dModel());
    model.put("layers", c.layers());
    model.put("heads", c.heads());
    model.put("context", c.context());
    model.put("mlpRatio", c.mlpRatio());
    model.put("parameters", c.parameterCount());
    model.put("tokenizer", "utf8-bytes+eos");
    root.put("initSeed", metadata.initSeed());
    root.put("totalSteps", metadata.totalSteps());
    ArrayNode runs = root.putArray("training");
    for (StudentMetadata.TrainingRun run : metadata.runs()) {
      ObjectNode r = runs.addObject();
      r.put("steps", run.steps());
      r.put("examples", run.examples());
      r.put("batchSize", run.batchSize());
      r.put("learningRate", run.learningRate());
      r.put("seed", run.seed());
      r.put("weighting", run.weighting());
      r.put("tokens", run.tokens());
      r.put("finalLoss", run.finalLoss());
    }
    return root;
  }

  static StudentMetadata fromJson(JsonNode root) {
    JsonNode m = root.required("model");
    TransformerConfig config = new TransformerConfig(m.required("vocabSize").asInt(),
        m.required("dModel").asInt(), m.required("layers").asInt(), m.required("heads").asInt(),
        m.required("context").asInt(), m.required("mlpRatio").asInt());
    List<StudentMetadata.TrainingRun> runs = new ArrayList<>();
    for (JsonNode r : root.path("training")) {
      runs.add(new StudentMetadata.TrainingRun(r.required("steps").asInt(),
          r.required("examples").asInt(), r.required("batchSize").asInt(),
          r.required("learningRate").asDouble(), r.required("seed").asLong(),
          r.required("weighting").asText(), r.required("tokens").asLong(),
          r.required("finalLoss").asDouble()));
    }
    return new StudentMetadata(config, root.required("initSeed").asLong(), runs);
  }
}
