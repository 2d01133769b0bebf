package org.emlab.core.arch;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/** The layer rules of the engine, enforced (each with the reason it exists). */
class CoreArchitectureTest {
    private static final JavaClasses CLASSES = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("org.emlab.core");

    @Test
    void packagesAreFreeOfCycles() {
        slices().matching("org.emlab.core.(*)..").should().beFreeOfCycles()
                .because("a package cycle means no package can be understood, tested or replaced on its own")
                .check(CLASSES);
    }

    @Test
    void labsDoNotDependOnEachOther() {
        slices().matching("org.emlab.core.labs.(*)..").should().notDependOnEachOther()
                .because("a lab is one package: adding, changing or removing one touches no other lab")
                .check(CLASSES);
    }

    @Test
    void onlyTheRegistryAndTheCliKnowIndividualLabs() {
        noClasses().that().resideOutsideOfPackages("org.emlab.core.labs..", "org.emlab.core.cli..")
                .should().dependOnClassesThat().resideInAPackage("org.emlab.core.labs.*..")
                .because("everything else reaches a lab through the Lab interface and LabRegistry, so an eighth lab "
                        + "needs no change outside its package and one registry line")
                .check(CLASSES);
    }

    @Test
    void theEngineKnowsNoUi() {
        noClasses().should().dependOnClassesThat().resideInAnyPackage("javafx..", "io.fair_acc..", "org.emlab.app..")
                .because("src-core is the UI-free engine: the CLI, headless renders and tests run it without JavaFX")
                .check(CLASSES);
    }

    @Test
    void theNumericalCoreIsPlainArithmetic() {
        noClasses().that().resideInAnyPackage("org.emlab.core.numeric..", "org.emlab.core.em..", "org.emlab.core.model..")
                .should().dependOnClassesThat().resideInAnyPackage("org.emlab.core.cli..", "org.emlab.core.lab..",
                        "org.emlab.core.labs..", "org.emlab.core.run..", "java.awt..", "picocli..")
                .because("the numerical core is plain arithmetic, usable from any front end and any lab")
                .check(CLASSES);
    }
}
