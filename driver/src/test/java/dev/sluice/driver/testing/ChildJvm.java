package dev.sluice.driver.testing;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Starts {@code bin/sluice} in a child JVM with this JVM's java and class path, as a user's shell would. */
public final class ChildJvm {
    private ChildJvm() {}

    /** Starts the CLI with {@code arguments}; stdout and stderr go to {@code log}. */
    public static Process sluice(Path log, String... arguments) throws IOException {
        String java = ProcessHandle.current().info().command()
                .orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        List<String> command = new ArrayList<>(List.of(java, "--add-opens=java.base/java.nio=ALL-UNNAMED",
                "-XX:+UseSerialGC", "-cp", System.getProperty("java.class.path"),
                "dev.sluice.driver.cli.SluiceCli"));
        command.addAll(List.of(arguments));
        return new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
    }

    /** The executor process of this JVM's descendants started with {@code --executor-id id}. */
    public static Optional<ProcessHandle> executorProcess(String id) {
        return ProcessHandle.current().descendants()
                .filter(process -> process.isAlive() && arguments(process).contains("--executor-id")
                        && arguments(process).contains(id))
                .findFirst();
    }

    /** A process's arguments: from /proc where there is one (complete), else as the JDK reports them. */
    private static List<String> arguments(ProcessHandle process) {
        Path cmdline = Path.of("/proc", Long.toString(process.pid()), "cmdline");
        try {
            return List.of(new String(java.nio.file.Files.readAllBytes(cmdline),
                    java.nio.charset.StandardCharsets.UTF_8).split("\u0000"));
        } catch (IOException | RuntimeException e) {
            return process.info().arguments().map(List::of).orElse(List.of());
        }
    }
}
