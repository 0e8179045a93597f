package io.skillforge.server.jobs.world;

import io.skillforge.server.jobs.Job;
import io.skillforge.server.jobs.JobContext;
import io.skillforge.server.jobs.Progress;
import io.skillforge.skills.errors.BadInputException;
import io.skillforge.skills.world.SkillMix;
import io.skillforge.skills.world.SkillWorld;
import io.skillforge.skills.world.WorldGenerator;
import io.skillforge.skills.world.WorldJsonl;
import java.io.IOException;
import java.io.Writer;
import java.util.Objects;

/** Writes skill-world items as JSON lines; the same request gives the same bytes. */
public final class GenerateWorldJob implements Job<GenerateWorldJob.Request, Long> {
  private static final int PROGRESS_EVERY = 10_000;

  /**
   * @param count items to write
   * @param seed random seed
   * @param mix uniform or zipf:EXPONENT
   * @param multiStepShare share of items chaining 2-3 steps
   * @param split split of the items
   * @param idPrefix ids are PREFIX-1, PREFIX-2, ...; null for {@code w<seed>}
   * @param out where the lines go (not closed)
   */
  public record Request(
      int count, long seed, String mix, double multiStepShare, String split, String idPrefix,
      Writer out) {
    public Request {
      if (count < 0) {
        throw new BadInputException("--count must be >= 0 but was " + count);
      }
      Objects.requireNonNull(mix, "mix");
      Objects.requireNonNull(split, "split");
      Objects.requireNonNull(out, "out");
    }
  }

  /** Returns how many items were written. */
  @Override
  public Long run(Request request, JobContext context) throws IOException {
    WorldGenerator generator;
    try {
      generator = new WorldGenerator(request.seed(), SkillMix.parse(request.mix()), request.multiStepShare());
    } catch (IllegalArgumentException e) {
      throw new BadInputException(e.getMessage(), e);
    }
    String prefix = request.idPrefix() != null ? request.idPrefix() : "w" + request.seed();
    Writer out = request.out();
    for (int i = 1; i <= request.count(); i++) {
      out.write(WorldJsonl.line(SkillWorld.toExample(generator.next(), prefix + "-" + i, request.split())));
      out.write('\n');
      if (i % PROGRESS_EVERY == 0) {
        context.checkCancelled();
        context.progress(Progress.of("generate", i, request.count(), "items"));
      }
    }
    out.flush();
    return (long) request.count();
  }
}
