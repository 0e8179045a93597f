package io.skillforge.student.builtin;

import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.ndarray.NDManager;
import io.skillforge.student.Sampling;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class GeneratorTest {
  @Test
  void generate_manyBatches_leavesNoArraysBehind() {
    try (NDManager root = NDManager.newBaseManager()) {
      DecoderModel model = new DecoderModel(TransformerConfig.of(32, 2, 2, 48), 1);
      model.initialize(root);
      Generator generator = new Generator(model, root);
      List<Generator.Row> rows = new ArrayList<>();
      for (int i = 0; i < 6; i++) {
        rows.add(new Generator.Row(ByteTokenizer.encode("Q: " + "ab".repeat(i) + "\nA: "),
            Sampling.greedy(10).withIgnoreEos(true), i));
      }
      generator.generate(rows);
      int before = root.getManagedArrays().size();
      for (int i = 0; i < 5; i++) {
        generator.generate(rows);
      }
      assertEquals(before, root.getManagedArrays().size());
    }
  }
}
