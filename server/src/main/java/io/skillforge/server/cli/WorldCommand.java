package io.skillforge.server.cli;

import io.skillforge.server.jobs.world.CheckWorldJob;
import io.skillforge.server.jobs.world.GenerateWorldJob;
import io.skillforge.skills.CatalogFiles;
import io.skillforge.skills.Skill;
import io.skillforge.skills.files.OutputFiles;
import io.skillforge.skills.world.SkillWorld;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code skillforge world ...}: the built-in skill world (generate items, list skills, check). */
@Command(
    name = "world",
    mixinStandardHelpOptions = true,
    description = "The skill world: a task domain whose skills are known exactly.",
    subcommands = {
      WorldCommand.Generate.class,
      WorldCommand.Skills.class,
      WorldCommand.Check.class
    })
public final class WorldCommand extends GroupCommand {
  @Command(
      name = "generate",
      mixinStandardHelpOptions = true,
      description = {
        "Writes skill-world items as JSON lines (id, question, rationale, answer, skills, source,"
            + " split). The same seed and settings give the same bytes."
      })
  static final class Generate implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Option(names = "--count", required = true, description = "Number of items.")
    int count;

    @Option(names = "--seed", defaultValue = "1", description = "Random seed (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--mix", defaultValue = "uniform",
        description = "Skill mix: uniform or zipf:EXPONENT (skill rank = catalog order; default: ${DEFAULT-VALUE}).")
    String mix;

    @Option(names = "--multi-step-share", defaultValue = "0.2",
        description = "Share of items chaining 2-3 steps (default: ${DEFAULT-VALUE}).")
    double multiStepShare;

    @Option(names = "--split", defaultValue = "train", description = "Split of the items (default: ${DEFAULT-VALUE}).")
    String split;

    @Option(names = "--id-prefix",
        description = "Item ids are PREFIX-1, PREFIX-2, ... (default: w<seed>).")
    String idPrefix;

    @Option(names = "--out", defaultValue = "-", description = "Output file; - for standard output (default).")
    String out;

    @Override
    public Integer call() throws IOException {
      try (Output o = Output.open(out, spec.commandLine().getOut())) {
        JobRunner.run(spec, new GenerateWorldJob(), new GenerateWorldJob.Request(
            count, seed, mix, multiStepShare, split, idPrefix, o.writer()));
      }
      spec.commandLine().getErr().println("wrote " + count + " skill-world items (seed " + seed
          + ", mix " + mix + ") to " + (out.equals("-") ? "standard output" : out));
      return ExitCodes.OK;
    }
  }

  @Command(
      name = "skills",
      mixinStandardHelpOptions = true,
      description = "Prints the catalog of the world's skills.")
  static final class Skills implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Option(names = "--json", description = "Print one JSON object {\"skills\": [{id, name, description}]}.")
    boolean json;

    @Override
    public Integer call() throws IOException {
      PrintWriter out = spec.commandLine().getOut();
      if (json) {
        out.println(CatalogFiles.toJson(SkillWorld.catalog()));
      } else {
        for (Skill s : SkillWorld.catalog().skills()) {
          out.printf("%-14s %-28s %s%n", s.id(), s.name(), s.description());
        }
      }
      return ExitCodes.OK;
    }
  }

  @Command(
      name = "check",
      mixinStandardHelpOptions = true,
      description = {
        "Grades responses to skill-world items and names the skill of the first wrong or missing"
            + " step of each. Prints one JSON line per response: id, correct, firstWrongStep,"
            + " missingSkill, expectedStep, actualStep, explanation.",
        "Responses are JSON lines {\"id\", \"response\"} (or {\"id\", \"rationale\", \"answer\"})."
            + " Exit code 3 when some response lines were rejected."
      })
  static final class Check implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Option(names = {"--item", "--items"}, required = true, description = "Items file (JSON lines).")
    Path items;

    @Option(names = "--responses", required = true, description = "Responses file (JSON lines).")
    Path responses;

    @Option(names = "--out", defaultValue = "-", description = "Output file; - for standard output (default).")
    String out;

    @Override
    public Integer call() throws IOException {
      PrintWriter err = spec.commandLine().getErr();
      CheckWorldJob.Result result;
      try (Output o = Output.open(out, spec.commandLine().getOut())) {
        result = JobRunner.run(spec, new CheckWorldJob(), new CheckWorldJob.Request(items, responses, o.writer()));
      }
      result.problems().forEach(err::println);
      if (result.rejected() > result.problems().size()) {
        err.println("... and " + (result.rejected() - result.problems().size()) + " more rejected lines");
      }
      err.println("checked " + result.checked() + " responses: " + result.correct() + " correct, "
          + (result.checked() - result.correct()) + " wrong; " + result.rejected() + " lines rejected");
      return result.rejected() > 0 ? ExitCodes.PARTIAL : ExitCodes.OK;
    }
  }

  /** A UTF-8 output: a file, or the command's out stream for {@code -} (left open). */
  record Output(Writer writer, boolean owned) implements AutoCloseable {
    static Output open(String target, PrintWriter stdout) throws IOException {
      if (target.equals("-")) {
        return new Output(stdout, false);
      }
      Path path = OutputFiles.prepare(Path.of(target), "--out");
      BufferedWriter w = Files.newBufferedWriter(path, StandardCharsets.UTF_8);
      return new Output(w, true);
    }

    @Override
    public void close() throws IOException {
      if (owned) {
        writer.close();
      } else {
        writer.flush();
      }
    }
  }
}
