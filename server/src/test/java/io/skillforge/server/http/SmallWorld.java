package io.skillforge.server.http;

import io.skillforge.server.jobs.stat.WorldData;
import io.skillforge.skills.CatalogFiles;
import io.skillforge.skills.Example;
import io.skillforge.skills.concurrent.Await;
import io.skillforge.skills.concurrent.Cancellation;
import io.skillforge.skills.dataset.ExampleJson;
import io.skillforge.skills.index.NearDuplicateSet;
import io.skillforge.skills.world.SkillMix;
import io.skillforge.skills.world.SkillWorld;
import io.skillforge.student.FineTuneSettings;
import io.skillforge.student.builtin.BuiltinStudent;
import io.skillforge.student.builtin.TransformerConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * A server data directory holding a small skill world: the labelled pool {@code pool} (300
 * unbalanced items), {@code validation} (60) and {@code test} (40), the world's catalog {@code
 * world}, and {@code s0}, a tiny student trained briefly on the pool, so its gaps are real.
 */
final class SmallWorld {
  private SmallWorld() {}

  static void seed(Path data) throws Exception {
    WorldData world = new WorldData(new NearDuplicateSet(0.8));
    List<Example> test = world.draw(40, 7, SkillMix.uniform(), 0.2, "test", "test", true);
    List<Example> validation = world.draw(60, 11, SkillMix.uniform(), 0.2, "val", "validation", true);
    List<Example> pool = world.draw(300, 13, SkillMix.zipf(1.2), 0.2, "seed", "train", false);
    Files.createDirectories(data.resolve("datasets"));
    write(data.resolve("datasets/pool.jsonl"), pool);
    write(data.resolve("datasets/validation.jsonl"), validation);
    write(data.resolve("datasets/test.jsonl"), test);
    CatalogFiles.write(SkillWorld.catalog(), data.resolve("catalogs/world.json"));
    try (BuiltinStudent s = BuiltinStudent.create(TransformerConfig.of(32, 1, 2, 192), 5,
        BuiltinStudent.Options.DEFAULT.withTrainingThreads(1))) {
      Await.result(s.fineTune(pool, FineTuneSettings.defaults(30).withSeed(5), p -> { }, Cancellation.never()));
      Await.result(s.save(data.resolve("students/s0")));
    }
  }

  /** A copy of a seeded directory. */
  static void copy(Path from, Path to) throws Exception {
    try (Stream<Path> files = Files.walk(from)) {
      for (Path f : files.toList()) {
        Path target = to.resolve(from.relativize(f).toString());
        if (Files.isDirectory(f)) {
          Files.createDirectories(target);
        } else {
          Files.copy(f, target);
        }
      }
    }
  }

  private static void write(Path file, List<Example> items) throws Exception {
    Files.writeString(file, items.stream().map(ExampleJson::toJson).collect(Collectors.joining("\n", "", "\n")));
  }
}
