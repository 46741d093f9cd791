package dev.sluice.planner.sql;

import static java.util.Objects.requireNonNull;

import java.util.List;
import org.apache.calcite.sql.SqlCall;
import org.apache.calcite.sql.SqlIdentifier;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.SqlLiteral;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlOperator;
import org.apache.calcite.sql.SqlSpecialOperator;
import org.apache.calcite.sql.SqlWriter;
import org.apache.calcite.sql.parser.SqlParserPos;

/**
 * {@code name AS expression}: a column computed from the table's physical columns each time the table is read; the
 * connector never sees it.
 */
public final class SqlComputedColumn extends SqlCall {
    public static final SqlOperator OPERATOR = new SqlSpecialOperator("COMPUTED COLUMN", SqlKind.COLUMN_DECL) {
        @Override
        public SqlCall createCall(SqlLiteral functionQualifier, SqlParserPos pos, SqlNode... operands) {
            return new SqlComputedColumn(pos, (SqlIdentifier) operands[0], operands[1]);
        }
    };

    private final SqlIdentifier name;
    private final SqlNode expression;

    public SqlComputedColumn(SqlParserPos pos, SqlIdentifier name, SqlNode expression) {
        super(pos);
        this.name = requireNonNull(name, "name is null");
        this.expression = requireNonNull(expression, "expression is null");
    }

    public SqlIdentifier name() {
        return name;
    }

    public SqlNode expression() {
        return expression;
    }

    @Override
    public SqlOperator getOperator() {
        return OPERATOR;
    }

    @Override
    public List<SqlNode> getOperandList() {
        return List.of(name, expression);
    }

    @Override
    public void unparse(SqlWriter writer, int leftPrec, int rightPrec) {
        name.unparse(writer, 0, 0);
        writer.keyword("AS");
        expression.unparse(writer, 0, 0);
    }
}
