package dev.sluice.connector;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The connector SPI is what third-party connectors compile against, so it may expose only JDK and Arrow types:
 * a connector must never be forced onto our versions of Jackson, Hadoop or the engine's internals.
 */
class SpiDependencyRulesTest {
    private static JavaClasses production;

    @BeforeAll
    static void importClasses() {
        production = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("dev.sluice.connector");
    }

    @Test
    void spiPackageDependsOnlyOnTheJdkAndArrow() {
        classes().that().resideInAPackage("dev.sluice.connector")
                .should().onlyDependOnClassesThat()
                .resideInAnyPackage("java..", "org.apache.arrow..", "dev.sluice.connector")
                .check(production);
    }

    @Test
    void connectorsDoNotReachIntoEachOther() {
        for (String connector : new String[] {"datagen", "filesystem", "print", "blackhole"}) {
            noClasses().that().resideInAPackage("dev.sluice.connector." + connector + "..")
                    .should().dependOnClassesThat().resideInAnyPackage(otherConnectors(connector))
                    .allowEmptyShould(true)
                    .check(production);
        }
    }

    private static String[] otherConnectors(String connector) {
        return java.util.Arrays.stream(new String[] {"datagen", "filesystem", "print", "blackhole"})
                .filter(other -> !other.equals(connector))
                .map(other -> "dev.sluice.connector." + other + "..")
                .toArray(String[]::new);
    }
}
