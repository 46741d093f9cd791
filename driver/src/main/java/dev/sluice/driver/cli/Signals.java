package dev.sluice.driver.cli;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.List;

/**
 * SIGINT and SIGTERM stop the query cleanly instead of ending the JVM: the batch in flight finishes, executors
 * stop, and the process exits with 0. A JVM shutdown hook could not do this, because every other hook (the one
 * that stops executor processes, for one) would run at the same time as the batch. The JDK's signal API is
 * reached by reflection because it is not a standard API; where it is missing, signals end the process as usual
 * and the next run replays the batch in flight.
 */
final class Signals implements AutoCloseable {
    private static final String[] STOP_SIGNALS = {"INT", "TERM"};

    private final List<Object[]> previous = new ArrayList<>();

    private Signals() {}

    /** Calls {@code stop} on the first SIGINT/SIGTERM; a second one ends the process at once (exit code 130). */
    static Signals onStop(Runnable stop) {
        Signals signals = new Signals();
        try {
            Class<?> signalClass = Class.forName("sun.misc.Signal");
            Class<?> handlerClass = Class.forName("sun.misc.SignalHandler");
            Method handle = signalClass.getMethod("handle", signalClass, handlerClass);
            boolean[] stopping = {false};
            InvocationHandler onSignal = (proxy, method, arguments) -> {
                if (method.getName().equals("handle")) {
                    synchronized (stopping) {
                        if (stopping[0]) {
                            Runtime.getRuntime().halt(130);
                        }
                        stopping[0] = true;
                    }
                    System.err.println("sluice: stopping after the batch in flight (again to stop at once)");
                    stop.run();
                    return null;
                }
                return method.getName().equals("hashCode") ? System.identityHashCode(proxy)
                        : method.getName().equals("equals") ? proxy == arguments[0] : "sluice stop handler";
            };
            Object handler = Proxy.newProxyInstance(Signals.class.getClassLoader(), new Class<?>[] {handlerClass},
                    onSignal);
            for (String name : STOP_SIGNALS) {
                Object signal = signalClass.getConstructor(String.class).newInstance(name);
                signals.previous.add(new Object[] {signal, handle.invoke(null, signal, handler)});
            }
            signals.handle = handle;
        } catch (ReflectiveOperationException | RuntimeException | LinkageError unavailable) {
            // no signal API: the default behaviour stays
        }
        return signals;
    }

    private Method handle;

    /** Restores the previous handlers. */
    @Override
    public void close() {
        if (handle == null) {
            return;
        }
        for (Object[] entry : previous) {
            try {
                handle.invoke(null, entry[0], entry[1]);
            } catch (ReflectiveOperationException | RuntimeException e) {
                // the process is ending anyway
            }
        }
    }
}
