package dev.sluice.planner.validate;

import java.util.Collections;
import java.util.List;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rel.type.RelDataTypeFactory;
import org.apache.calcite.rel.type.RelDataTypeField;
import org.apache.calcite.sql.SqlCall;
import org.apache.calcite.sql.SqlCallBinding;
import org.apache.calcite.sql.SqlIdentifier;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlOperandCountRange;
import org.apache.calcite.sql.SqlOperator;
import org.apache.calcite.sql.SqlWindowTableFunction;
import org.apache.calcite.sql.type.SqlOperandCountRanges;
import org.apache.calcite.sql.type.SqlOperandMetadata;
import org.apache.calcite.sql.type.SqlReturnTypeInference;
import org.apache.calcite.sql.type.SqlTypeName;
import org.apache.calcite.sql.type.SqlTypeUtil;
import org.apache.calcite.sql.validate.SqlNameMatcher;
import org.apache.calcite.sql.validate.SqlValidator;

/**
 * {@code CUMULATE(TABLE t, DESCRIPTOR(ts), step, size [, offset])}: Flink's cumulating window, which Calcite does
 * not have. Each window starts at a multiple of {@code size} and grows by {@code step} until it is {@code size}
 * long, so a row belongs to every window of its period that ends after it. Like the other window functions, it
 * adds {@code window_start}, {@code window_end} and {@code window_time} to the table's columns
 * ({@link WindowColumns}).
 */
public final class SqlCumulateTableFunction extends SqlWindowTableFunction {
    public SqlCumulateTableFunction() {
        super("CUMULATE", new OperandMetadata());
    }

    @Override
    public SqlReturnTypeInference getRowTypeInference() {
        return WindowColumns.ROW_TYPE;
    }

    private static final class OperandMetadata implements SqlOperandMetadata {
        private static final List<String> PARAMETERS = List.of(PARAM_DATA, PARAM_TIMECOL, "STEP", PARAM_SIZE,
                PARAM_OFFSET);
        private static final int MANDATORY = 4;

        @Override
        public List<RelDataType> paramTypes(RelDataTypeFactory typeFactory) {
            return Collections.nCopies(PARAMETERS.size(), typeFactory.createSqlType(SqlTypeName.ANY));
        }

        @Override
        public List<String> paramNames() {
            return PARAMETERS;
        }

        @Override
        public SqlOperandCountRange getOperandCountRange() {
            return SqlOperandCountRanges.between(MANDATORY, PARAMETERS.size());
        }

        @Override
        public boolean isOptional(int i) {
            return i >= MANDATORY;
        }

        @Override
        public boolean checkOperandTypes(SqlCallBinding callBinding, boolean throwOnFailure) {
            boolean valid = tableAndTimeColumnAreValid(callBinding) && intervalsAreValid(callBinding);
            if (!valid && throwOnFailure) {
                throw callBinding.newValidationSignatureError();
            }
            return valid;
        }

        private static boolean tableAndTimeColumnAreValid(SqlCallBinding callBinding) {
            SqlValidator validator = callBinding.getValidator();
            RelDataType table = validator.getValidatedNodeType(callBinding.operand(0));
            if (table.getSqlTypeName() != SqlTypeName.ROW) {
                return false;
            }
            SqlNode descriptor = callBinding.operand(1);
            if (descriptor.getKind() != SqlKind.DESCRIPTOR) {
                return false;
            }
            List<SqlNode> columns = ((SqlCall) descriptor).getOperandList();
            if (columns.size() != 1 || !(columns.get(0) instanceof SqlIdentifier column) || !column.isSimple()) {
                return false;
            }
            SqlNameMatcher matcher = validator.getCatalogReader().nameMatcher();
            for (RelDataTypeField field : table.getFieldList()) {
                if (matcher.matches(field.getName(), column.getSimple())) {
                    return SqlTypeUtil.isTimestamp(field.getType());
                }
            }
            return false;
        }

        private static boolean intervalsAreValid(SqlCallBinding callBinding) {
            SqlValidator validator = callBinding.getValidator();
            for (int i = 2; i < callBinding.getOperandCount(); i++) {
                if (!SqlTypeUtil.isInterval(validator.getValidatedNodeType(callBinding.operand(i)))) {
                    return false;
                }
            }
            return true;
        }

        @Override
        public String getAllowedSignatures(SqlOperator operator, String operatorName) {
            return operatorName + "(TABLE table_name, DESCRIPTOR(timecol), datetime interval, datetime interval"
                    + "[, datetime interval])";
        }
    }
}
