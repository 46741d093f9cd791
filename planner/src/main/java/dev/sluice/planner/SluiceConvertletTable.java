package dev.sluice.planner;

import java.util.ArrayList;
import java.util.List;
import org.apache.calcite.avatica.util.TimeUnit;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rex.RexBuilder;
import org.apache.calcite.rex.RexNode;
import org.apache.calcite.sql.SqlCall;
import org.apache.calcite.sql.SqlIntervalQualifier;
import org.apache.calcite.sql.fun.SqlStdOperatorTable;
import org.apache.calcite.sql2rel.SqlRexConvertlet;
import org.apache.calcite.sql2rel.SqlRexConvertletTable;
import org.apache.calcite.sql2rel.StandardConvertletTable;

/**
 * Calcite's standard conversion from SQL calls to row expressions, except that {@code TIMESTAMPADD(unit, n, ts)} and
 * {@code TIMESTAMPDIFF(unit, ts1, ts2)} stay calls with a time-unit flag. Calcite would rewrite them into interval
 * arithmetic (and, for TIMESTAMPDIFF, reinterpret casts and divisions) that is harder to read in a plan and that the
 * executor would have to evaluate in several passes; the executor has a direct implementation of both.
 */
final class SluiceConvertletTable implements SqlRexConvertletTable {
    static final SluiceConvertletTable INSTANCE = new SluiceConvertletTable();

    private SluiceConvertletTable() {
    }

    @Override
    public SqlRexConvertlet get(SqlCall call) {
        boolean timestampFunction = call.getOperator() == SqlStdOperatorTable.TIMESTAMP_ADD
                || call.getOperator() == SqlStdOperatorTable.TIMESTAMP_DIFF;
        if (timestampFunction && call.operandCount() == 3
                && call.operand(0) instanceof SqlIntervalQualifier qualifier && qualifier.timeFrameName == null) {
            return (context, timestampCall) -> {
                // Resolves the spellings of a unit (SQL_TSI_HOUR is HOUR) the way the validator did.
                TimeUnit unit = context.getValidator().validateTimeFrame(qualifier).unit();
                if (unit == null) {
                    return StandardConvertletTable.INSTANCE.get(timestampCall).convertCall(context, timestampCall);
                }
                RexBuilder rexBuilder = context.getRexBuilder();
                List<RexNode> operands = new ArrayList<>();
                operands.add(rexBuilder.makeFlag(unit));
                operands.add(context.convertExpression(timestampCall.operand(1)));
                operands.add(context.convertExpression(timestampCall.operand(2)));
                RelDataType type = context.getValidator().getValidatedNodeTypeIfKnown(timestampCall);
                if (type == null) {
                    // A computed column's expression was validated on its own, by another validator; the types
                    // are the ones Calcite's operators infer.
                    type = rexBuilder.deriveReturnType(timestampCall.getOperator(), operands);
                }
                return rexBuilder.makeCall(timestampCall.getParserPosition(), type, timestampCall.getOperator(),
                        operands);
            };
        }
        return StandardConvertletTable.INSTANCE.get(call);
    }
}
