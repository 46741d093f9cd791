package dev.sluice.planner.sql;

import org.apache.calcite.sql.SqlCall;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.SqlLiteral;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlOperator;
import org.apache.calcite.sql.SqlSpecialOperator;
import org.apache.calcite.sql.SqlWriter;
import org.apache.calcite.sql.parser.SqlParserPos;

/** {@code 'key' = 'value'} in a table's {@code WITH (...)} clause. */
public final class SqlTableOption extends SqlKeyValue {
    public static final SqlOperator OPERATOR = new SqlSpecialOperator("TABLE OPTION", SqlKind.OTHER) {
        @Override
        public SqlCall createCall(SqlLiteral functionQualifier, SqlParserPos pos, SqlNode... operands) {
            return new SqlTableOption(pos, operands[0], operands[1]);
        }
    };

    /**
     * @param key a string literal, possibly continued over several lines ({@code 'a' 'b'} is {@code 'ab'})
     * @param value likewise
     */
    public SqlTableOption(SqlParserPos pos, SqlNode key, SqlNode value) {
        super(pos, key, value);
    }

    @Override
    public SqlOperator getOperator() {
        return OPERATOR;
    }

    @Override
    public void unparse(SqlWriter writer, int leftPrec, int rightPrec) {
        unparseKeyValue(writer);
    }
}
