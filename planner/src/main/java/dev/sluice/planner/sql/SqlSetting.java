package dev.sluice.planner.sql;

import static java.util.Objects.requireNonNull;

import java.util.List;
import org.apache.calcite.sql.SqlCall;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.SqlLiteral;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlOperator;
import org.apache.calcite.sql.SqlSpecialOperator;
import org.apache.calcite.sql.SqlWriter;
import org.apache.calcite.sql.parser.SqlParserPos;
import org.apache.calcite.sql.type.SqlTypeFamily;
import org.apache.calcite.util.NlsString;

/**
 * {@code SET 'key' = 'value'}: a setting of the query, in the Flink SQL client's syntax (key and value both quoted).
 * Which keys exist and what they take is {@link dev.sluice.planner.QuerySettings}'s to check.
 */
public final class SqlSetting extends SqlCall {
    public static final SqlOperator OPERATOR = new SqlSpecialOperator("SET", SqlKind.OTHER) {
        @Override
        public SqlCall createCall(SqlLiteral functionQualifier, SqlParserPos pos, SqlNode... operands) {
            return new SqlSetting(pos, operands[0], operands[1]);
        }
    };

    private final SqlNode key;
    private final SqlNode value;

    /**
     * @param key a string literal
     * @param value a string literal
     */
    public SqlSetting(SqlParserPos pos, SqlNode key, SqlNode value) {
        super(pos);
        this.key = requireNonNull(key, "key is null");
        this.value = requireNonNull(value, "value is null");
    }

    public SqlNode key() {
        return key;
    }

    public SqlNode value() {
        return value;
    }

    /** The key's text, or null when the key is not a character string (a binary literal such as {@code X'0F'}). */
    public String keyText() {
        return text(key);
    }

    /** The value's text, or null when the value is not a character string. */
    public String valueText() {
        return text(value);
    }

    private static String text(SqlNode node) {
        SqlLiteral literal = SqlLiteral.unchain(node);
        if (literal.getTypeName().getFamily() != SqlTypeFamily.CHARACTER) {
            return null;
        }
        return literal.getValueAs(NlsString.class).getValue();
    }

    @Override
    public SqlOperator getOperator() {
        return OPERATOR;
    }

    @Override
    public List<SqlNode> getOperandList() {
        return List.of(key, value);
    }

    @Override
    public void unparse(SqlWriter writer, int leftPrec, int rightPrec) {
        writer.keyword("SET");
        key.unparse(writer, 0, 0);
        writer.keyword("=");
        value.unparse(writer, 0, 0);
    }
}
