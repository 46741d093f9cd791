package dev.sluice.checkpoint;

import java.io.File;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Predicate;
import java.util.stream.Collectors;

/** Starts a test main class in a separate JVM, on this test run's class path (or a filtered part of it). */
final class ChildJvm {
    private ChildJvm() {}

    static Process start(Class<?> mainClass, String... arguments) throws IOException {
        return start(entry -> true, mainClass, arguments);
    }

    /** @param keepOnClassPath which class path entries the child gets */
    static Process start(Predicate<String> keepOnClassPath, Class<?> mainClass, String... arguments)
            throws IOException {
        String classPath = Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator))
                .filter(keepOnClassPath)
                .collect(Collectors.joining(File.pathSeparator));
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        // Small and quick: these JVMs run a few hundred file operations at most.
        command.add("-Xmx64m");
        command.add("-XX:TieredStopAtLevel=1");
        command.add("-Xshare:auto");
        command.add("-cp");
        command.add(classPath);
        command.add(mainClass.getName());
        command.addAll(List.of(arguments));
        return new ProcessBuilder(command).redirectErrorStream(true).start();
    }
}
