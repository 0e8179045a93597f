package io.skillforge.skills.dataset;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.skillforge.skills.Example;
import io.skillforge.skills.files.OutputFiles;
import java.io.Closeable;
import java.io.IOException;
import java.io.Writer;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * Writes examples as JSONL for fine-tuning, one object a line, UTF-8 as the given writer encodes.
 * The assistant side is the rationale followed by {@code The answer is <answer>.}, the line the
 * shared grader reads. A weight other than 1 is written as a {@code weight} field. Not
 * thread-safe; closing closes the underlying writer.
 */
public final class TrainingSetWriter implements Closeable {
  private static final ObjectMapper JSON =
      new ObjectMapper().configure(JsonGenerator.Feature.AUTO_CLOSE_TARGET, false);

  private final Writer out;
  private final TrainingFormat format;
  private long written;

  public TrainingSetWriter(Writer out, TrainingFormat format) {
    this.out = Objects.requireNonNull(out, "out");
    this.format = Objects.requireNonNull(format, "format");
  }

  /** The prompt a model sees for an example. */
  public static String prompt(Example e) {
    return e.question();
  }

  /** The response a model should give: worked steps, then the answer line. */
  public static String completion(Example e) {
    return completion(e.rationale(), e.answer());
  }

  /** The response for a rationale and a final answer: the rationale, then the answer line. */
  public static String completion(String rationale, String answer) {
    String answerLine = "The answer is " + answer + ".";
    return rationale.isBlank() ? answerLine : rationale.strip() + "\n" + answerLine;
  }

  /** Writes {@code examples} to {@code file} in {@code format}, atomically ({@link OutputFiles}). */
  public static void writeFile(Path file, List<Example> examples, TrainingFormat format) throws IOException {
    OutputFiles.writeAtomically(file, w -> {
      TrainingSetWriter writer = new TrainingSetWriter(w, format);
      for (Example e : examples) {
        writer.write(e);
      }
    });
  }

  public void write(Example e) throws IOException {
    ObjectNode node;
    switch (format) {
      case MESSAGES -> {
        node = JSON.createObjectNode();
        var messages = node.putArray("messages");
        messages.addObject().put("role", "user").put("content", prompt(e));
        messages.addObject().put("role", "assistant").put("content", completion(e));
      }
      case PROMPT_COMPLETION -> {
        node = JSON.createObjectNode();
        node.put("prompt", prompt(e));
        node.put("completion", completion(e));
      }
      case FULL -> node = ExampleJson.toNode(e);
      default -> throw new IllegalStateException("unhandled format " + format);
    }
    if (format != TrainingFormat.FULL && e.weight() != 1.0) {
      node.put("weight", e.weight());
    }
    out.write(JSON.writeValueAsString(node));
    out.write('\n');
    written++;
  }

  public long written() {
    return written;
  }

  @Override
  public void close() throws IOException {
    out.close();
  }
}
