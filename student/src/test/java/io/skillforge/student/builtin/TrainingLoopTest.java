package io.skillforge.student.builtin;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

class TrainingLoopTest {
  @Test
  void parameterGroups_equalSizes_splitInTheMiddle() {
    List<int[]> groups = TrainingLoop.parameterGroups(new long[] {10, 10, 10, 10}, 2);
    assertEquals(2, groups.size());
    assertArrayEquals(new int[] {0, 1}, groups.get(0));
    assertArrayEquals(new int[] {2, 3}, groups.get(1));
  }

  @Test
  void parameterGroups_oneLargeParameter_standsAlone() {
    List<int[]> groups = TrainingLoop.parameterGroups(new long[] {100, 1, 1, 1}, 2);
    assertArrayEquals(new int[] {0}, groups.get(0));
    assertArrayEquals(new int[] {1, 2, 3}, groups.get(1));
  }

  @Test
  void parameterGroups_moreWorkersThanParameters_coverEveryIndexOnceInOrder() {
    List<int[]> groups = TrainingLoop.parameterGroups(new long[] {5, 7}, 3);
    assertEquals(3, groups.size());
    int[] all = groups.stream().flatMapToInt(java.util.Arrays::stream).toArray();
    assertArrayEquals(new int[] {0, 1}, all);
  }

  @Test
  void parameterGroups_oneWorker_takesAll() {
    assertArrayEquals(new int[] {0, 1, 2},
        TrainingLoop.parameterGroups(new long[] {3, 1, 2}, 1).get(0));
  }
}
