package io.skillforge.skills.index;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.skillforge.skills.Example;
import io.skillforge.skills.Provenance;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class ExampleCodecTest {

  @Test
  void decode_ofEncode_givesEqualExample() {
    Example e = new Example(
        "id-ü-1", "Wie viele Äpfel? 🍎 \"quoted\"\n2nd line", "", "3/4",
        List.of("b-skill", "a_skill.x"), Example.Source.SYNTHESIZED, "validation",
        new Provenance(null, "job-9", Instant.ofEpochSecond(-5, 999_999_999)), 0.1 + 0.2);
    byte[] bytes = ExampleCodec.encode(e);
    assertEquals(e, ExampleCodec.decode(bytes, 0, bytes.length));
  }

  @Test
  void decode_truncated_failsLoudly() {
    byte[] bytes = ExampleCodec.encode(TestExamples.example("x", "q"));
    assertThrows(IllegalStateException.class, () -> ExampleCodec.decode(bytes, 0, bytes.length - 3));
  }
}
