package org.emlab.app.arch;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/** The layer rules of STYLE.md, enforced. */
class ArchitectureTest {
    private static final JavaClasses CLASSES = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("org.emlab");

    @Test
    void theEngineKnowsNoUi() {
        noClasses().that().resideInAPackage("org.emlab.core..")
                .should().dependOnClassesThat().resideInAnyPackage("javafx..", "io.fair_acc..", "org.emlab.app..")
                .because("src-core is the UI-free engine: the CLI, headless renders and tests run it without JavaFX")
                .check(CLASSES);
    }

    @Test
    void viewModelsDoNotTouchTheSceneGraph() {
        noClasses().that().resideInAPackage("org.emlab.app..").and().haveSimpleNameEndingWith("Model")
                .should().dependOnClassesThat().resideInAnyPackage("javafx.scene..", "io.fair_acc..")
                .because("view models are tested without a Stage; views bind to them")
                .check(CLASSES);
    }

    @Test
    void theFrameworkIsNotReachedFromTheNumericalCore() {
        noClasses().that().resideInAnyPackage("org.emlab.core.numeric..", "org.emlab.core.em..", "org.emlab.core.model..")
                .should().dependOnClassesThat().resideInAnyPackage("org.emlab.core.cli..", "java.awt..", "picocli..")
                .because("the numerical core is plain arithmetic, usable from any front end")
                .check(CLASSES);
    }

    @Test
    void packagesAreFreeOfCycles() {
        slices().matching("org.emlab.app.(*)..").should().beFreeOfCycles()
                .because("a package cycle means no feature can be understood, tested or replaced on its own")
                .check(CLASSES);
    }

    @Test
    void theWindowKnowsNoIndividualLab() {
        noClasses().that().resideInAPackage("org.emlab.app..")
                .should().dependOnClassesThat().resideInAPackage("org.emlab.core.labs.*..")
                .because("the window reaches labs only through the Lab interface and LabRegistry, so an eighth lab "
                        + "needs no change in desktop-app")
                .check(CLASSES);
    }
}
