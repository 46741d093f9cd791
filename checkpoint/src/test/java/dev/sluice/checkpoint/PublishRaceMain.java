package dev.sluice.checkpoint;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.locks.LockSupport;

/**
 * One of the two publishers (participant 0 or 1) in {@link LocalPublishOnceStoreTest}'s two-process race: prints
 * READY, waits for the start file, then publishes {@code race/0 .. race/<count-1>} and prints one line per file: {@code <n> WON},
 * {@code <n> SAME} or {@code <n> CONFLICT <message>}.
 */
public final class PublishRaceMain {
    private PublishRaceMain() {}

    public static void main(String[] arguments) throws IOException {
        Path root = Path.of(arguments[0]);
        Path startFile = Path.of(arguments[1]);
        int count = Integer.parseInt(arguments[2]);
        String writer = arguments[3];
        int participant = Integer.parseInt(arguments[4]);
        Path gates = root.resolve("gates");
        Files.createDirectories(gates);
        PublishOnceStore store = new LocalPublishOnceStore(root);
        System.out.println("READY");
        System.out.flush();
        awaitFile(startFile);
        StringBuilder report = new StringBuilder();
        for (int n = 0; n < count; n++) {
            // Lockstep: a process announces that it reached file n and waits for the other one, so both race for
            // every file and neither can run ahead and win (or lose) every file uncontested.
            Files.createFile(gates.resolve(participant + "-" + n));
            Path other = gates.resolve((1 - participant) + "-" + n);
            awaitFile(other);
            try {
                boolean created = store.publish("race/" + n, content(writer, n));
                report.append(n).append(created ? " WON" : " SAME").append('\n');
            } catch (PublishConflictException conflict) {
                report.append(n).append(" CONFLICT ").append(conflict.getMessage()).append('\n');
            }
        }
        System.out.print(report);
        System.out.flush();
    }

    /**
     * Waits for a file to appear: spins briefly, so that both processes leave a gate within microseconds of each
     * other, then parks in short steps, so that two waiting processes do not starve each other of the CPU.
     */
    private static void awaitFile(Path file) {
        for (int attempt = 0; !Files.exists(file); attempt++) {
            if (attempt < 200) {
                Thread.onSpinWait();
            } else {
                LockSupport.parkNanos(20_000);
            }
        }
    }

    static byte[] content(String writer, int n) {
        return CheckpointFileFormat.encode("offsets", 1, List.of("{\"writer\":\"" + writer + "\",\"n\":" + n + "}"));
    }

    static String text(byte[] bytes) {
        return new String(bytes, UTF_8);
    }
}
