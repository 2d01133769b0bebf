package org.emlab.app.sweep;

import org.emlab.app.compute.FxJobExecutor;
import org.emlab.app.compute.JobExecutor;
import java.util.function.Supplier;
import javafx.scene.control.Button;
import javafx.scene.control.MenuItem;
import javafx.scene.control.Tooltip;
import javafx.stage.Stage;
import javafx.stage.WindowEvent;
import org.emlab.core.compare.ComparisonLab;
import org.emlab.core.lab.Lab;
import org.emlab.core.param.ParamValues;

/** Opens the sweep window for the lab shown, with the window's current parameters as the base. */
public final class SweepController {
    private final Stage owner;
    private final Supplier<Lab> lab;
    private final Supplier<ParamValues> params;
    private final SweepWindow.Opener opener;
    private final JobExecutor executor = new FxJobExecutor();
    private SweepWindow window;

    public SweepController(Stage owner, Supplier<Lab> lab, Supplier<ParamValues> params, SweepWindow.Opener opener) {
        this.owner = owner;
        this.lab = lab;
        this.params = params;
        this.opener = opener;
        owner.addEventHandler(WindowEvent.WINDOW_HIDDEN, e -> {
            if (window != null) {
                window.model().cancel();
                window.close();
            }
        });
    }

    /** "Sweep…" for a menu. */
    public MenuItem menuItem() {
        MenuItem it = new MenuItem("Sweep…");
        it.setOnAction(e -> open());
        return it;
    }

    /** "Sweep…" for the left column. */
    public Button button() {
        Button b = new Button("Sweep…");
        b.setId("sweep");
        b.setTooltip(new Tooltip("Monte Carlo sweep: vary one parameter over a range, run several seeds at each value, "
                + "and fit the log-log slope of a statistic (the paper's sweep is offered first)"));
        b.setOnAction(e -> open());
        return b;
    }

    /** Shows the sweep window of the current lab (the open one when it is for the same lab). */
    public SweepWindow open() {
        Lab l = lab.get();
        ParamValues p = params.get();
        if (l == null || p == null) {
            return null;
        }
        Lab base = l instanceof ComparisonLab c ? c.base() : l;
        if (window == null || !window.isShowing() || !window.model().lab().id().equals(base.id())) {
            window = new SweepWindow(owner, new SweepModel(base, p, System::nanoTime), executor, (lb, ps) -> {
                opener.open(lb, ps);
                owner.toFront();
            });
        }
        window.show();
        window.toFront();
        return window;
    }

    /** The sweep window, or null. */
    public SweepWindow window() {
        return window;
    }
}
