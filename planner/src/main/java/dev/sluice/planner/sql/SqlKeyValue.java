package dev.sluice.planner.sql;

import static java.util.Objects.requireNonNull;

import java.util.List;
import org.apache.calcite.sql.SqlCall;
import org.apache.calcite.sql.SqlLiteral;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlWriter;
import org.apache.calcite.sql.parser.SqlParserPos;
import org.apache.calcite.sql.type.SqlTypeFamily;
import org.apache.calcite.util.NlsString;

/**
 * {@code 'key' = 'value'} with both sides quoted: a table's WITH option ({@link SqlTableOption}) or a SET
 * statement ({@link SqlSetting}). Whether a key exists and what it takes is for the reader of the node to check.
 */
public abstract class SqlKeyValue extends SqlCall {
    private final SqlNode key;
    private final SqlNode value;

    /**
     * @param key a string literal, possibly continued over several lines ({@code 'a' 'b'} is {@code 'ab'})
     * @param value likewise
     */
    protected SqlKeyValue(SqlParserPos pos, SqlNode key, SqlNode value) {
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
    public List<SqlNode> getOperandList() {
        return List.of(key, value);
    }

    /** {@code key = value}, as the subclass's statement or clause writes it after its own keywords. */
    protected void unparseKeyValue(SqlWriter writer) {
        key.unparse(writer, 0, 0);
        writer.keyword("=");
        value.unparse(writer, 0, 0);
    }
}
