package io.zeo.samples;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class TodoListAppTest {
  @Test
  void aSecondProcessChangesTheListAndTheFirstSeesItAtItsNextTransaction() throws Exception {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    TodoListApp.demo(new PrintStream(bytes, true, StandardCharsets.UTF_8));
    String out = bytes.toString(StandardCharsets.UTF_8);
    String before = out.substring(out.indexOf("process 1, same transaction"), out.indexOf("process 1, next transaction"));
    String after = out.substring(out.indexOf("process 1, next transaction"));
    assertThat(out).contains("[process 2] added #3 write the report").contains("[process 2] done #1");
    assertThat(before).contains("#1 [ ] buy milk").doesNotContain("write the report");
    assertThat(after).contains("#1 [x] buy milk (process 1)").contains("#2 [ ] water the plants")
        .contains("#3 [ ] write the report (process 2)");
  }
}
