package io.skillforge.synthesis.teacher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.skillforge.skills.Example;
import io.skillforge.skills.SkillCatalog;
import io.skillforge.skills.dataset.DatasetFormat;
import io.skillforge.skills.dataset.DatasetReader;
import io.skillforge.skills.errors.BadInputException;
import io.skillforge.skills.world.SkillMix;
import io.skillforge.skills.world.SkillWorld;
import io.skillforge.skills.world.WorldGenerator;
import io.vertx.core.Future;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The built-in teacher refuses data that is not skill-world data (here the real GSM8K test set)
 * instead of answering every item with nothing, and says how to pick an LLM teacher.
 */
class BuiltinTeacherForeignDataTest {
  private static List<Example> gsm8k;
  private final BuiltinTeacher teacher = new BuiltinTeacher();
  private final SkillCatalog catalog = SkillWorld.catalog();

  /** GSM8K's test set: {@code shared/data/gsm8k}, found walking up from the working directory. */
  @BeforeAll
  static void readGsm8k() throws Exception {
    Path file = null;
    for (Path dir = Path.of("").toAbsolutePath(); dir != null && file == null; dir = dir.getParent()) {
      Path candidate = dir.resolve("shared/data/gsm8k/test.jsonl");
      file = Files.isRegularFile(candidate) ? candidate : null;
    }
    assumeTrue(file != null, "GSM8K test.jsonl not found under a shared/ directory above this one");
    List<Example> items = new ArrayList<>();
    DatasetReader.builder().format(DatasetFormat.GSM8K).build().read(file, items::add);
    gsm8k = List.copyOf(items);
  }

  private static BadInputException refusal(Future<?> future) {
    ExecutionException e = assertThrows(ExecutionException.class,
        () -> future.toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS));
    return assertInstanceOf(BadInputException.class, e.getCause());
  }

  private static void assertSaysHowToPickAnLlmTeacher(String message) {
    assertTrue(message.contains("--teacher sim|openai|ollama|anthropic"), message);
    assertTrue(message.contains("teacher.kind in conf/skillforge.yaml"), message);
  }

  @Test
  void label_gsm8kTestSet_isRefused() {
    assertEquals(1319, gsm8k.size());
    String message = refusal(teacher.label(gsm8k, catalog)).getMessage();
    assertTrue(message.startsWith("only 0 of the 1319 items are skill-world questions"), message);
    assertTrue(message.contains("(such as \"Janet"), message);
    assertSaysHowToPickAnLlmTeacher(message);
  }

  @Test
  void catalog_gsm8kSample_isRefused() {
    String message = refusal(teacher.catalog(new CatalogRequest(gsm8k.subList(0, 500), 20))).getMessage();
    assertTrue(message.startsWith("only 0 of the 500 sampled items"), message);
    assertSaysHowToPickAnLlmTeacher(message);
  }

  @Test
  void verifyAndDiagnose_gsm8k_areRefused() {
    List<Example> some = gsm8k.subList(0, 20);
    assertSaysHowToPickAnLlmTeacher(refusal(teacher.verify(some)).getMessage());
    List<Attempt> attempts = some.stream().map(e -> new Attempt(e, "The answer is 3.")).toList();
    assertSaysHowToPickAnLlmTeacher(refusal(teacher.diagnose(attempts, catalog)).getMessage());
  }

  @Test
  void label_halfWorldItems_isAnswered_fewerIsRefused() throws Exception {
    List<Example> world = new WorldGenerator(8, SkillMix.uniform(), 0).examples(4, "w", "train");
    List<Example> half = new ArrayList<>(world);
    half.addAll(gsm8k.subList(0, 4));
    List<Label> labels = teacher.label(half, catalog).toCompletionStage().toCompletableFuture().get();
    for (int i = 0; i < 8; i++) {
      assertEquals(i < 4 ? world.get(i).skills() : List.of(), labels.get(i).skills());
    }
    List<Example> fewer = new ArrayList<>(world.subList(0, 3));
    fewer.addAll(gsm8k.subList(0, 4));
    assertTrue(refusal(teacher.label(fewer, catalog)).getMessage().startsWith("only 3 of the 7 items"));
  }

  @Test
  void label_emptyBatch_isNotRefused() throws Exception {
    assertEquals(List.of(), teacher.label(List.of(), catalog).toCompletionStage().toCompletableFuture().get());
  }
}
