package io.skillforge.server.jobs.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.skillforge.skills.Example;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class SyntheticExamplesTest {
  @Test
  void syntheticExamples_sameSeed_sameExamplesWithOneToThreeKnownSkills() {
    List<Example> a = new SyntheticExamples(7).next(0, 500);
    List<Example> b = new SyntheticExamples(7).next(0, 500);
    List<Example> c = new SyntheticExamples(8).next(0, 500);

    assertEquals(a, b);
    assertTrue(!a.equals(c));
    for (Example e : a) {
      assertTrue(e.skills().size() >= 1 && e.skills().size() <= 3, e.toString());
      assertTrue(SyntheticExamples.SKILLS.containsAll(e.skills()), e.toString());
    }
    Set<String> questions = a.stream().map(Example::question).collect(Collectors.toSet());
    assertTrue(questions.size() > 490, "questions should vary: " + questions.size());
  }
}
