package dev.sluice.executor.operator;

import static java.util.Objects.requireNonNull;

import dev.sluice.planner.plan.proto.Operator;
import java.util.ArrayList;
import java.util.List;
import org.apache.arrow.vector.types.pojo.Schema;

/** The registry from plan operators to operator factories. */
public final class Operators {
    private Operators() {
    }

    /** The factory for one plan operator reading batches of {@code inputSchema}. */
    public static OperatorFactory factoryFor(Operator operator, Schema inputSchema) {
        requireNonNull(operator, "operator is null");
        requireNonNull(inputSchema, "inputSchema is null");
        return switch (operator.getKindCase()) {
            case CALC -> new CalcOperator.Factory(operator.getCalc(), inputSchema);
            case KIND_NOT_SET -> throw new IllegalArgumentException("plan operator without a kind");
        };
    }

    /**
     * Factories for plan operators run in order: each one's input schema is the previous one's output schema (the
     * first reads {@code inputSchema}).
     */
    public static List<OperatorFactory> factoriesFor(List<Operator> operators, Schema inputSchema) {
        requireNonNull(operators, "operators is null");
        List<OperatorFactory> factories = new ArrayList<>();
        Schema schema = requireNonNull(inputSchema, "inputSchema is null");
        for (int i = 0; i < operators.size(); i++) {
            OperatorFactory factory;
            try {
                factory = factoryFor(operators.get(i), schema);
            } catch (RuntimeException e) {
                throw new IllegalArgumentException("operator " + i + " of the pipeline: " + e.getMessage(), e);
            }
            factories.add(factory);
            schema = factory.outputSchema();
        }
        return List.copyOf(factories);
    }
}
