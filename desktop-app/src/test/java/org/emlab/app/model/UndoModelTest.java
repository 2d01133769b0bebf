package org.emlab.app.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.function.Predicate;
import org.emlab.core.lab.Lab;
import org.emlab.core.labs.LabRegistry;
import org.emlab.core.param.ParamValues;
import org.emlab.core.run.Snapshot;
import org.junit.jupiter.api.Test;

/** Undo and redo of the session, tested without a Stage (the frame pump is played by {@link #await}). */
class UndoModelTest {

    private static Snapshot await(SessionModel m, Predicate<Snapshot> p) throws InterruptedException {
        for (int i = 0; i < 4000; i++) {
            Snapshot s = m.mailbox().take();
            if (s != null) {
                m.show(s);
                if (p.test(s)) {
                    return s;
                }
            }
            Thread.sleep(5);
        }
        throw new AssertionError("no matching snapshot; last shown: " + m.latest());
    }

    @Test
    void theMenuSaysWhatOneChangedParameterWas() {
        Lab lab = LabRegistry.get("gmm");
        ParamValues a = lab.defaults();
        assertEquals("k = 4", UndoModel.describe(lab, a, lab, a.with("k", "4")));
        assertEquals("2 parameters", UndoModel.describe(lab, a, lab, a.with("k", "4").with("seed", "9")));
        assertEquals("lab mlr", UndoModel.describe(lab, a, LabRegistry.get("mlr"), LabRegistry.get("mlr").defaults()));
    }

    @Test
    void undoRestoresThePreviousParametersBitForBitAndRedoTheEdit() throws Exception {
        try (SessionModel m = new SessionModel()) {
            m.selectLab("gmm-simplex");
            Snapshot first = await(m, x -> !x.figure().panels().isEmpty());
            ParamValues before = first.params();
            assertFalse(m.undoStack().canUndoProperty().get());
            m.form().text("radius").set("0.123456789012345678");
            m.applyForm();
            Snapshot edited = await(m, x -> x.runId() > first.runId() && !x.figure().panels().isEmpty());
            assertEquals("Undo radius = 0.12345678901234568", m.undoStack().undoTextProperty().get());
            m.undo();
            Snapshot undone = await(m, x -> x.runId() > edited.runId() && !x.figure().panels().isEmpty());
            assertEquals(before.asText(), undone.params().asText(), "the parameters as they were, bit for bit");
            assertEquals(before, m.form().validProperty().get(), "the form shows them");
            assertTrue(m.undoStack().canRedoProperty().get());
            assertEquals("Redo radius = 0.12345678901234568", m.undoStack().redoTextProperty().get());
            m.redo();
            Snapshot redone = await(m, x -> x.runId() > undone.runId() && !x.figure().panels().isEmpty());
            assertEquals(0.12345678901234568, redone.params().getDouble("radius"));
            // the form set back to the run's values by undo/redo starts no second run
            m.applyForm();
            assertFalse(m.undoStack().canRedoProperty().get());
            assertEquals(1, m.undoStack().undoLabels().size());
        }
    }

    @Test
    void aDropOfAMeanRestartsFromItAndIsOneEditToUndo() throws Exception {
        try (SessionModel m = new SessionModel()) {
            m.selectLab("gmm");
            Snapshot first = await(m, x -> !x.figure().panels().isEmpty() && !x.figure().panel("geometry").handles().isEmpty());
            ParamValues before = first.params();
            m.drop("geometry", "mu-2", "μ₂", 1.5, -2.25, false);
            Snapshot moved = await(m, x -> x.runId() > first.runId() && !x.figure().panels().isEmpty());
            assertEquals(1.5, moved.value("mu_2_1"), "iteration 0 starts μ₂ where it was dropped");
            assertEquals(-2.25, moved.value("mu_2_2"));
            assertEquals(0, moved.iteration());
            assertEquals("given", m.form().validProperty().get().getString("init"), "the form shows the dragged start");
            assertEquals("Undo drag of μ₂", m.undoStack().undoTextProperty().get());
            m.undo();
            Snapshot undone = await(m, x -> x.runId() > moved.runId() && !x.figure().panels().isEmpty());
            assertEquals(before.asText(), undone.params().asText());
            assertEquals(first.value("mu_2_1"), undone.value("mu_2_1"));
        }
    }

    @Test
    void aShiftDropMovesTheCurrentIterateAndRecordsNoEdit() throws Exception {
        try (SessionModel m = new SessionModel()) {
            m.selectLab("gmm");
            await(m, x -> !x.figure().panels().isEmpty());
            m.transport().step();
            Snapshot at1 = await(m, x -> x.iteration() == 1);
            m.drop("geometry", "mu-1", "μ₁", 3.0, 4.0, true);
            Snapshot nudged = await(m, x -> x.events().stream().anyMatch(e -> e.text().startsWith("nudged by the user")));
            assertEquals(at1.runId(), nudged.runId(), "the same run goes on");
            assertEquals(3.0, nudged.value("mu_1_1"));
            assertNull(m.undoStack().undoLabels().stream().findFirst().orElse(null), "a nudge is not an edit of the parameters");
            assertTrue(m.noticeProperty().get().text().startsWith("Nudged by the user: μ₁ moved to (3, 4)"),
                    m.noticeProperty().get().text());
        }
    }
}
