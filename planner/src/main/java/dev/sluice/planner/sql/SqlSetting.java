package dev.sluice.planner.sql;

import org.apache.calcite.sql.SqlCall;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.SqlLiteral;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlOperator;
import org.apache.calcite.sql.SqlSpecialOperator;
import org.apache.calcite.sql.SqlWriter;
import org.apache.calcite.sql.parser.SqlParserPos;

/**
 * {@code SET 'key' = 'value'}: a setting of the query, in the Flink SQL client's syntax (key and value both quoted).
 * Which keys exist and what they take is {@link dev.sluice.planner.QuerySettings}'s to check.
 */
public final class SqlSetting extends SqlKeyValue {
    public static final SqlOperator OPERATOR = new SqlSpecialOperator("SET", SqlKind.OTHER) {
        @Override
        public SqlCall createCall(SqlLiteral functionQualifier, SqlParserPos pos, SqlNode... operands) {
            return new SqlSetting(pos, operands[0], operands[1]);
        }
    };

    /**
     * @param key a string literal
     * @param value a string literal
     */
    public SqlSetting(SqlParserPos pos, SqlNode key, SqlNode value) {
        super(pos, key, value);
    }

    @Override
    public SqlOperator getOperator() {
        return OPERATOR;
    }

    @Override
    public void unparse(SqlWriter writer, int leftPrec, int rightPrec) {
        writer.keyword("SET");
        unparseKeyValue(writer);
    }
}
