package io.skillforge.synthesis.teacher.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class FaultPlanTest {

  private static List<FaultPlan.Fault> sequence(long seed, int n) {
    FaultPlan plan = new FaultPlan(seed, 0.3, 0.2);
    List<FaultPlan.Fault> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      out.add(plan.next().fault());
    }
    return out;
  }

  @Test
  void next_sameSeed_sameSequence() {
    assertEquals(sequence(5, 500), sequence(5, 500));
    assertNotEquals(sequence(5, 500), sequence(6, 500));
  }

  @Test
  void next_zeroRates_neverFault() {
    FaultPlan plan = new FaultPlan(1, 0, 0);
    for (int i = 0; i < 1000; i++) {
      assertEquals(FaultPlan.Fault.NONE, plan.next().fault());
    }
  }

  @Test
  void breakJson_neverParses() {
    ObjectMapper json = new ObjectMapper();
    String content = "{\"labels\":[{\"id\":\"a\",\"skills\":[\"add_carry\"]}]}";
    for (long v = 0; v < 300; v++) {
      String broken = FaultPlan.breakJson(content, v);
      assertNotEquals(content, broken);
      assertThrows(JsonProcessingException.class, () -> json.readTree(broken), broken);
    }
  }
}
