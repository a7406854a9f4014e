package chatlab.teacher;

import chatlab.testkit.Waits;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;

import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** The process group of a run is killed only while it still holds a process of that run. */
class ProcessTreeTest {

    @Test
    @EnabledOnOs(OS.LINUX)
    void aGroupCountsOnlyWithAProcessThatBeganBeforeTheRunEnded() throws Exception {
        long beforeItBegan = ProcessTree.uptimeTicks();
        Process leader = new ProcessBuilder(ProcessTree.inOwnSession(List.of("sleep", "30"))).start();
        long group = leader.pid();
        try {
            // setsid makes the process lead a group of its own, with its number, once it runs
            Waits.until(() -> ProcessTree.hasMemberFrom(group, ProcessTree.uptimeTicks() + 1),
                    () -> "the process " + group + " should lead a process group of its own");
            assertThat(ProcessTree.hasMemberFrom(group, beforeItBegan))
                    .as("a group whose every process began after the run ended: its number was given again")
                    .isFalse();
        } finally {
            leader.destroyForcibly();
            leader.waitFor(5, TimeUnit.SECONDS);
        }
        assertThat(ProcessTree.hasMemberFrom(group, ProcessTree.uptimeTicks() + 1)).as("an empty group").isFalse();
    }
}
