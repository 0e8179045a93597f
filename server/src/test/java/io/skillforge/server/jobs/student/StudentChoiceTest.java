package io.skillforge.server.jobs.student;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.skillforge.server.config.SkillforgeConfig;
import io.skillforge.skills.errors.BadInputException;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.function.Supplier;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StudentChoiceTest {
  @TempDir Path dir;
  Path fromFile;
  Path fromEnv;
  Path fromFlag;
  Path file;

  @BeforeEach
  void directories() throws IOException {
    fromFile = Files.createDirectories(dir.resolve("file-ckpt"));
    fromEnv = Files.createDirectories(dir.resolve("env-ckpt"));
    fromFlag = Files.createDirectories(dir.resolve("flag-ckpt"));
    file = dir.resolve("skillforge.yaml");
    Files.writeString(file, String.join("\n",
        "student:",
        "  kind: builtin",
        "  checkpoint: " + fromFile,
        "  base-url: http://file.example:9000/v1",
        "  model: file-model",
        ""));
  }

  private Supplier<SkillforgeConfig> config(Map<String, String> env) {
    return () -> SkillforgeConfig.load(env, file);
  }

  private static Supplier<SkillforgeConfig> unreadable() {
    return () -> {
      throw new AssertionError("the configuration was read although flags named the student");
    };
  }

  @Test
  void forProbe_checkpoint_flagBeatsEnvironmentBeatsFile() {
    Map<String, String> env = Map.of("SKILLFORGE_STUDENT_CHECKPOINT", fromEnv.toString());
    assertEquals(fromFlag, checkpoint(StudentChoice.forProbe(fromFlag, null, null, config(env))));
    assertEquals(fromEnv, checkpoint(StudentChoice.forProbe(null, null, null, config(env))));
    assertEquals(fromFile, checkpoint(StudentChoice.forProbe(null, null, null, config(Map.of()))));
  }

  @Test
  void forServe_checkpoint_flagBeatsEnvironmentBeatsFile() {
    Map<String, String> env = Map.of("SKILLFORGE_STUDENT_CHECKPOINT", fromEnv.toString());
    assertEquals(fromFlag, StudentChoice.forServe(fromFlag, config(env)).directory());
    assertEquals(fromEnv, StudentChoice.forServe(null, config(env)).directory());
    assertEquals(fromFile, StudentChoice.forServe(null, config(Map.of())).directory());
  }

  @Test
  void forServe_openAiCompatibleKind_stillServesTheConfiguredCheckpoint() {
    Map<String, String> env = Map.of("SKILLFORGE_STUDENT_KIND", "openai-compatible");
    assertEquals(fromFile, StudentChoice.forServe(null, config(env)).directory());
  }

  @Test
  void forProbe_flags_doNotReadTheConfiguration() {
    assertEquals(fromFlag, checkpoint(StudentChoice.forProbe(fromFlag, null, null, unreadable())));
    URI endpoint = URI.create("http://flag.example:1/v1");
    assertEquals(new StudentChoice.Endpoint(endpoint, "flag-model"),
        StudentChoice.forProbe(null, endpoint, "flag-model", unreadable()));
    assertEquals(fromFlag, StudentChoice.forServe(fromFlag, unreadable()).directory());
  }

  @Test
  void forProbe_openAiCompatibleKind_usesBaseUrlAndModel_environmentBeatsFile() {
    Map<String, String> env = Map.of("SKILLFORGE_STUDENT_KIND", "openai-compatible",
        "SKILLFORGE_STUDENT_MODEL", "env-model");
    assertEquals(new StudentChoice.Endpoint(URI.create("http://file.example:9000/v1"), "env-model"),
        StudentChoice.forProbe(null, null, null, config(env)));

    Map<String, String> urlToo = Map.of("SKILLFORGE_STUDENT_KIND", "openai-compatible",
        "SKILLFORGE_STUDENT_BASE_URL", "http://env.example:8/v1");
    assertEquals(new StudentChoice.Endpoint(URI.create("http://env.example:8/v1"), "file-model"),
        StudentChoice.forProbe(null, null, null, config(urlToo)));
    assertEquals(new StudentChoice.Endpoint(URI.create("http://env.example:8/v1"), "flag-model"),
        StudentChoice.forProbe(null, null, "flag-model", config(urlToo)));
    // --model wins over the configured kind.
    assertEquals(fromFlag, checkpoint(StudentChoice.forProbe(fromFlag, null, null, config(env))));
  }

  @Test
  void forProbe_endpointFlagWithoutModel_takesTheConfiguredModel() {
    URI endpoint = URI.create("http://flag.example:1/v1");
    Map<String, String> env = Map.of("SKILLFORGE_STUDENT_MODEL", "env-model");
    assertEquals(new StudentChoice.Endpoint(endpoint, "env-model"),
        StudentChoice.forProbe(null, endpoint, null, config(env)));
    assertEquals(new StudentChoice.Endpoint(endpoint, "file-model"),
        StudentChoice.forProbe(null, endpoint, null, config(Map.of())));
  }

  @Test
  void forServe_missingConfiguredCheckpoint_namesThePathAndTheSettings() {
    Path missing = dir.resolve("never-trained");
    Map<String, String> env = Map.of("SKILLFORGE_STUDENT_CHECKPOINT", missing.toString());
    var e = assertThrows(BadInputException.class,
        () -> StudentChoice.forServe(null, config(env)));
    String message = e.getMessage();
    assertTrue(message.contains(missing + " does not exist"), message);
    assertTrue(message.contains("student.checkpoint"), message);
    assertTrue(message.contains("environment variable SKILLFORGE_STUDENT_CHECKPOINT"), message);
    assertFalse(message.contains(file.toString()), "the file did not set it: " + message);
    assertTrue(message.contains("--model"), message);

    var probe = assertThrows(BadInputException.class,
        () -> StudentChoice.forProbe(null, null, null, config(env)));
    assertEquals(message, probe.getMessage());
  }

  @Test
  void forServe_missingCheckpointFromTheFile_namesTheFile() throws Exception {
    Path missing = dir.resolve("not-yet");
    Path other = dir.resolve("other.yaml");
    Files.writeString(other, "student:\n  checkpoint: " + missing + "\n");
    var e = assertThrows(BadInputException.class,
        () -> StudentChoice.forServe(null, () -> SkillforgeConfig.load(Map.of(), other)));
    String message = e.getMessage();
    assertTrue(message.contains(missing + " does not exist"), message);
    assertTrue(message.contains("configuration: " + other), message);
    assertTrue(message.contains("or set SKILLFORGE_STUDENT_CHECKPOINT"), message);
  }

  @Test
  void load_configuredDirectoryWithoutCheckpoint_namesTheSetting() {
    StudentChoice.Checkpoint empty = StudentChoice.forServe(null, config(Map.of()));
    var e = assertThrows(BadInputException.class, () -> StudentChoice.load(empty, null));
    assertTrue(e.getMessage().contains("no student checkpoint in " + fromFile), e.getMessage());
    assertTrue(e.getMessage().contains("student.checkpoint"), e.getMessage());
  }

  @Test
  void forProbe_unknownKind_isAClearError() {
    Map<String, String> env = Map.of("SKILLFORGE_STUDENT_KIND", "ollama");
    var e = assertThrows(IllegalArgumentException.class,
        () -> StudentChoice.forProbe(null, null, null, config(env)));
    assertTrue(e.getMessage().contains("student.kind must be builtin or openai-compatible"),
        e.getMessage());
    assertTrue(e.getMessage().contains("ollama"), e.getMessage());
  }

  private static Path checkpoint(StudentChoice.Target target) {
    return ((StudentChoice.Checkpoint) target).directory();
  }
}
