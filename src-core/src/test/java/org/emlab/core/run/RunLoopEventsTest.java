package org.emlab.core.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.emlab.core.lab.Lab;
import org.emlab.core.labs.LabRegistry;
import org.emlab.core.param.ParamValues;
import org.junit.jupiter.api.Test;
import org.emlab.core.trajectory.History;

/** Engine events (a pruned component) reach the run's history at the iteration they happened. */
class RunLoopEventsTest {

    @Test
    void prunedComponentsBecomeHistoryEvents() throws Exception {
        Lab lab = LabRegistry.get("gmm-overparam");
        ParamValues p = lab.defaults().with("population", "true").with("m", "5").with("weights", "0.2,0.2,0.2,0.2,0.2")
                .with("gh_nodes", "24").with("components", "4m").with("seed", "6");
        try (RunLoop loop = new RunLoop(new Mailbox<>())) {
            loop.start(lab, p, null, false);
            for (int t = 0; t < 60; t++) {
                loop.step();
            }
            CompletableFuture<List<History.Event>> events = new CompletableFuture<>();
            CompletableFuture<Integer> last = new CompletableFuture<>();
            loop.inspect(i -> {
                last.complete(i.history().lastIteration());
                events.complete(i.history().events());
            });
            assertEquals(60, last.get(60, TimeUnit.SECONDS));
            List<History.Event> ev = events.get(60, TimeUnit.SECONDS);
            assertEquals(1, ev.size(), ev.toString());
            assertTrue(ev.get(0).text().contains("pruned"));
            assertTrue(ev.get(0).iteration() > 0 && ev.get(0).iteration() <= 60);
        }
    }
}
