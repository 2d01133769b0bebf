package org.emlab.app.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import java.util.function.Predicate;
import org.emlab.core.figure.Panel;
import org.emlab.core.lab.Lab;
import org.emlab.core.labs.LabRegistry;
import org.emlab.core.run.Snapshot;
import org.emlab.core.session.Session;
import org.junit.jupiter.api.Test;

/** The session being shown, tested without a Stage: the frame pump is played by {@link #await}. */
class SessionModelTest {

    /** Drains the mailbox as the frame pump would, until a snapshot satisfies {@code p} (at most about 20 s). */
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
    void loadingALabShowsItsFormAndItsFirstFrame() throws Exception {
        try (SessionModel m = new SessionModel()) {
            assertNull(m.lab());
            m.selectLab("mlr-overspec");
            assertEquals("mlr-overspec", m.lab().id());
            assertNotNull(m.form());
            Snapshot s = await(m, x -> !x.figure().panels().isEmpty());
            assertEquals("mlr-overspec", s.labId());
            assertEquals(0, s.iteration());
            assertNotNull(m.shownFigure());
        }
    }

    @Test
    void anEditRestartsTheRunWithTheFormsValues() throws Exception {
        try (SessionModel m = new SessionModel()) {
            m.selectLab("gmm-simplex");
            await(m, x -> !x.figure().panels().isEmpty());
            m.form().text("seed").set("77");
            m.applyForm();
            Snapshot s = await(m, x -> x.params() != null && x.params().getLong("seed") == 77);
            assertEquals("gmm-simplex", s.labId());
        }
    }

    @Test
    void anInvalidFormLeavesTheRunAlone() throws Exception {
        try (SessionModel m = new SessionModel()) {
            m.selectLab("gmm-simplex");
            Snapshot first = await(m, x -> !x.figure().panels().isEmpty());
            m.form().text("k").set("not a number");
            m.applyForm();
            Thread.sleep(50);
            Snapshot s = m.mailbox().take();
            assertTrue(s == null || s.runId() == first.runId(), "no new run from an invalid form");
        }
    }

    @Test
    void chosenScalesAreWhatTheShownFigureAndASessionCarry() throws Exception {
        try (SessionModel m = new SessionModel()) {
            m.selectLab("gmm-simplex");
            await(m, x -> !x.figure().panels(Panel.Kind.CURVE).isEmpty());
            Panel kl = m.shownFigure().panel("kl");
            assertTrue(kl.y().log(), "the lab draws KL on a log axis");
            m.scales().put("kl", new SessionModel.Scales(true, false));
            Panel shown = m.shownFigure().panel("kl");
            assertTrue(shown.x().log());
            assertFalse(shown.y().log());
            assertEquals(new Session.LogAxes(true, false), m.logAxes().get("kl"));
            // a new lab forgets them
            m.selectLab("mlr-overspec");
            assertTrue(m.scales().isEmpty());
        }
    }

    @Test
    void viewSettingsFallBackToTheLabsDefaultWhenTheChoiceIsNotOffered() throws Exception {
        try (SessionModel m = new SessionModel()) {
            Lab simplex = LabRegistry.get("gmm-simplex");
            m.load(simplex, simplex.defaults().with("d", "3"), false);
            assertEquals(Map.of("projection", "x1–x2"), Map.copyOf(m.viewSettings()));
            m.setViewSetting("projection", "x2–x3");
            assertEquals("x2–x3", m.viewSettings().get("projection"));
            m.setViewSettings(Map.of("projection", "x7–x9"));
            assertEquals("x1–x2", m.viewSettings().get("projection"));
        }
    }

    @Test
    void noticesAreNumberedSoARepeatIsANewNotice() {
        try (SessionModel m = new SessionModel()) {
            m.notice("saved", false);
            long first = m.noticeProperty().get().serial();
            m.notice("saved", false);
            assertEquals(first + 1, m.noticeProperty().get().serial());
            m.notice("broken", true);
            assertTrue(m.noticeProperty().get().error());
        }
    }
}
