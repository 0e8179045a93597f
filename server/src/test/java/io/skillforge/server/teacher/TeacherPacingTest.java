package io.skillforge.server.teacher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;

import io.skillforge.server.config.SkillforgeConfig;
import io.skillforge.skills.resilience.RateLimiter;
import io.skillforge.synthesis.teacher.settings.TeacherSettings;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Jobs on one account share one limiter; a node of n keeps a 1/n share of the limits. */
class TeacherPacingTest {
  private static TeacherSettings teacher(Map<String, String> env) {
    return SkillforgeConfig.load(env, null).teacher("sim");
  }

  @Test
  void jobsOfOneAccount_shareOneLimiter_andANodeKeepsItsShare() {
    TeacherPacing pacing = new TeacherPacing();
    TeacherSettings sim = teacher(Map.of("SKILLFORGE_TEACHER_REQUESTS_PER_MINUTE", "600"));
    RateLimiter first = pacing.limiterFor(sim);
    assertSame(first, pacing.limiterFor(teacher(Map.of("SKILLFORGE_TEACHER_REQUESTS_PER_MINUTE", "600"))),
        "two jobs on the same account book with one limiter");
    assertNotSame(first, pacing.limiterFor(teacher(Map.of("SKILLFORGE_TEACHER_REQUESTS_PER_MINUTE", "60"))),
        "other limits, another limiter");
    assertEquals(600, first.requestsPerMinute());

    pacing.share(1.0 / 3); // one node of three
    assertEquals(200, first.requestsPerMinute());
    TeacherSettings other = teacher(Map.of("SKILLFORGE_TEACHER_REQUESTS_PER_MINUTE", "900"));
    assertEquals(300, pacing.limiterFor(other).requestsPerMinute(), "a limiter made later gets the share too");
    pacing.share(0.5); // a node died
    assertEquals(300, first.requestsPerMinute());
  }
}
