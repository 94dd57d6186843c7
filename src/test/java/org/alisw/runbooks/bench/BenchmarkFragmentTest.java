package org.alisw.runbooks.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BenchmarkFragmentTest {

  @TempDir Path dir;

  @Test
  void writesAndReadsBackEverything() throws Exception {
    Path file =
        new BenchmarkFragment("1-engine-overhead", 1, "Engine overhead per step")
            .method("5 runs of each")
            .seconds(42.5)
            .table("ms per step", List.of("process", "ms"), List.of(List.of("create-agent", "3.1 (2.9–3.5)")))
            .target("ratio", "≤ 1.3", "1.1", true, "job acquisition")
            .target("ms per step", "≤ 5", "7.0", false, "history writes: 40 % of the time")
            .note("a note")
            .image("benchmarks-fleet.png", "makespan against k")
            .write(dir);

    assertThat(file).isEqualTo(dir.resolve("1-engine-overhead.json"));
    assertThat(Files.readString(file)).contains("\"caption\" : \"ms per step\"");
    BenchmarkFragment back = BenchmarkFragment.read(file);
    assertThat(back.id).isEqualTo("1-engine-overhead");
    assertThat(back.order).isEqualTo(1);
    assertThat(back.title).isEqualTo("Engine overhead per step");
    assertThat(back.method).isEqualTo("5 runs of each");
    assertThat(back.seconds).isEqualTo(42.5);
    assertThat(back.tables).containsExactly(
        new BenchmarkFragment.Table("ms per step", List.of("process", "ms"), List.of(List.of("create-agent", "3.1 (2.9–3.5)"))));
    assertThat(back.targets).hasSize(2);
    assertThat(back.targets.get(1).met()).isFalse();
    assertThat(back.targets.get(1).limit()).startsWith("history writes");
    assertThat(back.notes).containsExactly("a note");
    assertThat(back.images).containsExactly(new BenchmarkFragment.Image("benchmarks-fleet.png", "makespan against k"));
  }

  @Test
  void refusesBadIdsRaggedRowsAndUnexplainedMisses() {
    assertThatThrownBy(() -> new BenchmarkFragment("../x", 1, "t")).hasMessageContaining("fragment id");
    BenchmarkFragment f = new BenchmarkFragment("x", 1, "t");
    assertThatThrownBy(() -> f.table("c", List.of("a", "b"), List.of(List.of("1"))))
        .hasMessageContaining("has 1 cells, expected 2");
    assertThatThrownBy(() -> f.target("ratio", "≤ 1.3", "2.0", false, " "))
        .hasMessageContaining("say what limits it");
  }

  @Test
  void refusesAFileThatIsNoFragment() throws Exception {
    Path other = dir.resolve("other.json");
    Files.writeString(other, "{\"name\":\"x\"}");
    assertThatThrownBy(() -> BenchmarkFragment.read(other)).hasMessageContaining("not a benchmark fragment");
  }
}
