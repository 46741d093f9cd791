package dev.sluice.planner.validate;

import dev.sluice.planner.sql.SqlScriptException;
import dev.sluice.planner.sql.SqlSource;
import dev.sluice.planner.sql.Suggestions;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.calcite.runtime.CalciteContextException;
import org.apache.calcite.sql.SqlCall;
import org.apache.calcite.sql.SqlIdentifier;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlOperator;
import org.apache.calcite.sql.SqlSelect;
import org.apache.calcite.sql.parser.SqlParserPos;
import org.apache.calcite.sql.util.SqlBasicVisitor;
import org.apache.calcite.sql.validate.ListScope;
import org.apache.calcite.sql.validate.SqlMoniker;
import org.apache.calcite.sql.validate.SqlValidator;
import org.apache.calcite.sql.validate.SqlValidatorNamespace;
import org.apache.calcite.sql.validate.SqlValidatorScope;
import org.apache.calcite.sql.validate.SqlValidatorTable;

/**
 * Turns Calcite's validation errors into plain messages that name what is wrong and suggest the closest name.
 *
 * <p>Calcite's messages come from its resource bundle (CalciteResource.properties); the patterns below match the
 * templates of the Calcite version this module is built with. A message no pattern knows is passed on as is, so a
 * change in Calcite degrades a message, never hides an error.
 */
final class ValidationErrors {
    private static final Pattern COLUMN_NOT_FOUND =
            Pattern.compile("Column '(.+)' not found in any table(; did you mean '.+'\\?)?");
    private static final Pattern COLUMN_NOT_FOUND_IN_TABLE =
            Pattern.compile("Column '(.+)' not found in table '(.+?)'(; did you mean '.+'\\?)?");
    private static final Pattern OBJECT_NOT_FOUND =
            Pattern.compile("(?:Object|Table) '(.+?)' not found(?: within '(.+?)')?(; did you mean '.+'\\?)?");
    private static final Pattern UNKNOWN_IDENTIFIER = Pattern.compile("Unknown identifier '(.+)'");
    private static final Pattern UNKNOWN_TARGET_COLUMN = Pattern.compile("Unknown target column '(.+)'");
    private static final Pattern TYPE_NOT_ASSIGNABLE = Pattern.compile(
            "Cannot assign to target field '(.+)' of type (.+) from source field '(.+)' of type (.+)");
    private static final Pattern INSERT_COLUMN_COUNT = Pattern.compile(
            "Number of INSERT target columns \\((\\d+)\\) does not equal number of source items \\((\\d+)\\)");
    private static final Pattern CANNOT_APPLY =
            Pattern.compile("(?s)Cannot apply '(.+?)' to arguments of type (.+)\\. Supported form\\(s\\): (.+)");
    private static final Pattern UNKNOWN_FUNCTION = Pattern.compile("No match found for function signature (.+)");
    private static final Pattern NOT_GROUPED = Pattern.compile("Expression '(.+)' is not being grouped");
    private static final Pattern AMBIGUOUS = Pattern.compile("Column '(.+)' is ambiguous");
    private static final Pattern CHARACTER_SET = Pattern.compile(" CHARACTER SET \"[^\"]*\"( COLLATE \"[^\"]*\")?");
    private static final Pattern RECORD_TYPE = Pattern.compile("RECORDTYPE\\((?:[^()]|\\([^()]*\\))*\\)");

    private static final List<String> WINDOW_FUNCTIONS = List.of("TUMBLE", "HOP", "SESSION", "CUMULATE");

    private ValidationErrors() {
    }

    static SqlScriptException translate(SqlSource source, CalciteContextException e, SqlValidator validator,
            SqlNode root, NameLookup names, SqlParserPos fallback) {
        SqlParserPos position = e.getPosLine() >= 1
                ? new SqlParserPos(e.getPosLine(), e.getPosColumn(), e.getEndPosLine(), e.getEndPosColumn())
                : fallback;
        String calciteMessage = e.getCause() != null && e.getCause().getMessage() != null
                ? e.getCause().getMessage() : String.valueOf(e.getMessage());
        String message = describe(calciteMessage, position, validator, root, names);
        return source.error(position, message, e);
    }

    /** A message without the help of a scope (no suggestions for columns). */
    static String translateMessage(String calciteMessage) {
        return describe(calciteMessage == null ? "validation failed" : calciteMessage, null, null, null, null);
    }

    private static String describe(String message, SqlParserPos position, SqlValidator validator, SqlNode root,
            NameLookup names) {
        Matcher matcher = COLUMN_NOT_FOUND.matcher(message);
        if (matcher.matches()) {
            return unknownColumn(matcher.group(1), null, position, validator, root, names);
        }
        matcher = COLUMN_NOT_FOUND_IN_TABLE.matcher(message);
        if (matcher.matches()) {
            return unknownColumn(matcher.group(1), matcher.group(2), position, validator, root, names);
        }
        matcher = UNKNOWN_IDENTIFIER.matcher(message);
        if (matcher.matches()) {
            return unknownColumn(matcher.group(1), null, position, validator, root, names);
        }
        matcher = OBJECT_NOT_FOUND.matcher(message);
        if (matcher.matches()) {
            String name = matcher.group(2) == null ? matcher.group(1) : matcher.group(2) + "." + matcher.group(1);
            List<String> candidates = new ArrayList<>(names == null ? List.of() : names.objectNames());
            candidates.addAll(scopeAliases(position, validator, root, names));
            return "unknown table '" + name + "'" + Suggestions.didYouMean(name, candidates);
        }
        matcher = UNKNOWN_TARGET_COLUMN.matcher(message);
        if (matcher.matches()) {
            return "unknown column '" + matcher.group(1) + "' in the INSERT column list";
        }
        matcher = TYPE_NOT_ASSIGNABLE.matcher(message);
        if (matcher.matches()) {
            return "type mismatch: column '" + matcher.group(1) + "' is " + cleanType(matcher.group(2))
                    + " but the query gives " + cleanType(matcher.group(4)) + " (from '" + matcher.group(3)
                    + "'); CAST it to " + cleanType(matcher.group(2));
        }
        matcher = INSERT_COLUMN_COUNT.matcher(message);
        if (matcher.matches()) {
            return "the target table takes " + matcher.group(1) + " columns but the query gives "
                    + matcher.group(2);
        }
        matcher = CANNOT_APPLY.matcher(message);
        if (matcher.matches() && WINDOW_FUNCTIONS.contains(matcher.group(1))) {
            return "wrong arguments for " + matcher.group(1) + ": expected " + matcher.group(3).trim()
                    + ", where timecol is a TIMESTAMP(3) column of the table and the sizes are INTERVALs";
        }
        if (matcher.matches()) {
            return "type mismatch: cannot apply '" + matcher.group(1) + "' to arguments of type "
                    + cleanType(matcher.group(2)) + "; expected " + matcher.group(3).trim();
        }
        matcher = UNKNOWN_FUNCTION.matcher(message);
        if (matcher.matches()) {
            String signature = matcher.group(1);
            int parenthesis = signature.indexOf('(');
            String function = parenthesis < 0 ? signature : signature.substring(0, parenthesis);
            return "unknown function " + signature + ", or it does not take these argument types"
                    + Suggestions.didYouMean(function, functionNames());
        }
        matcher = NOT_GROUPED.matcher(message);
        if (matcher.matches()) {
            return "'" + matcher.group(1) + "' is neither in GROUP BY nor inside an aggregate function";
        }
        matcher = AMBIGUOUS.matcher(message);
        if (matcher.matches()) {
            return "column '" + matcher.group(1) + "' is ambiguous: more than one table has it; qualify it"
                    + " (t." + matcher.group(1) + ")";
        }
        return decapitalize(cleanType(message));
    }

    private static String unknownColumn(String column, String qualifier, SqlParserPos position,
            SqlValidator validator, SqlNode root, NameLookup names) {
        List<ScopeTable> scope = scopeTables(position, validator, root, names);
        List<String> candidates = new ArrayList<>();
        String tableName = null;
        if (qualifier != null) {
            tableName = qualifier;
            for (ScopeTable table : scope) {
                if (qualifier.equalsIgnoreCase(table.alias())) {
                    candidates.addAll(table.columns());
                    if (table.tableName() != null) {
                        tableName = table.tableName();
                    }
                }
            }
            if (candidates.isEmpty() && names != null) {
                names.columnsOf(qualifier).ifPresent(candidates::addAll);
            }
        } else {
            for (ScopeTable table : scope) {
                candidates.addAll(table.columns());
            }
            if (scope.size() == 1) {
                tableName = scope.get(0).tableName();
            }
            if (scope.isEmpty() && names != null && names.objectNames().size() == 1) {
                // An expression validated over one table (a computed column or a watermark).
                tableName = names.objectNames().get(0);
                names.columnsOf(tableName).ifPresent(candidates::addAll);
            }
        }
        if (candidates.isEmpty() && root != null && names != null) {
            candidates.addAll(guessColumns(root, names));
        }
        String where = tableName == null ? "" : " in table '" + tableName + "'";
        return "unknown column '" + column + "'" + where + Suggestions.didYouMean(column, candidates);
    }

    /** A FROM item of the innermost SELECT around the error: its alias, table (if it is one) and columns. */
    private record ScopeTable(String alias, String tableName, List<String> columns) {
    }

    private static List<ScopeTable> scopeTables(SqlParserPos position, SqlValidator validator, SqlNode root,
            NameLookup names) {
        if (position == null || validator == null || root == null) {
            return List.of();
        }
        SqlSelect select = innermostSelect(root, position);
        if (select == null) {
            return List.of();
        }
        // Best effort, and without asking Calcite for a row type: for a FROM item whose validation failed, deriving
        // its type recurses without end. A table's columns come from the catalog; for other items (a window table
        // function, a sub-query) the columns of the tables they read, plus the window columns, are good guesses.
        try {
            SqlValidatorScope scope = validator.getSelectScope(select);
            if (!(scope instanceof ListScope listScope)) {
                return List.of();
            }
            List<SqlMoniker> aliases = new ArrayList<>();
            listScope.findAliases(aliases);
            List<SqlValidatorNamespace> children = listScope.getChildren();
            List<ScopeTable> tables = new ArrayList<>();
            for (int i = 0; i < children.size(); i++) {
                SqlValidatorNamespace namespace = children.get(i);
                String alias = i < aliases.size() ? last(aliases.get(i).getFullyQualifiedNames()) : null;
                SqlValidatorTable table = namespace.getTable();
                String tableName = table == null ? null : last(table.getQualifiedName());
                List<String> columns = new ArrayList<>();
                if (tableName != null && names != null) {
                    names.columnsOf(tableName).ifPresent(columns::addAll);
                } else if (namespace.getNode() != null && names != null) {
                    columns.addAll(guessColumns(namespace.getNode(), names));
                }
                tables.add(new ScopeTable(alias, tableName, columns));
            }
            return tables;
        } catch (RuntimeException e) {
            return List.of();
        }
    }

    /** The columns of every table or view {@code node} names, and the window columns if it has a window. */
    private static List<String> guessColumns(SqlNode node, NameLookup names) {
        List<String> columns = new ArrayList<>();
        boolean[] window = {false};
        node.accept(new SqlBasicVisitor<Void>() {
            @Override
            public Void visit(SqlIdentifier identifier) {
                names.columnsOf(last(identifier.names)).ifPresent(columns::addAll);
                return null;
            }

            @Override
            public Void visit(SqlCall call) {
                window[0] |= WINDOW_FUNCTIONS.contains(call.getOperator().getName().toUpperCase(Locale.ROOT));
                return super.visit(call);
            }
        });
        if (window[0]) {
            columns.addAll(List.of("window_start", "window_end"));
        }
        return columns;
    }

    private static String last(List<String> names) {
        return names.isEmpty() ? null : names.get(names.size() - 1);
    }

    private static List<String> scopeAliases(SqlParserPos position, SqlValidator validator, SqlNode root,
            NameLookup names) {
        List<String> aliases = new ArrayList<>();
        for (ScopeTable table : scopeTables(position, validator, root, names)) {
            if (table.alias() != null) {
                aliases.add(table.alias());
            }
        }
        return aliases;
    }

    private static SqlSelect innermostSelect(SqlNode root, SqlParserPos position) {
        List<SqlSelect> found = new ArrayList<>();
        root.accept(new SqlBasicVisitor<Void>() {
            @Override
            public Void visit(SqlCall call) {
                if (call instanceof SqlSelect select && contains(select.getParserPosition(), position)) {
                    found.add(select);
                }
                return super.visit(call);
            }
        });
        // Pre-order: a nested SELECT comes after the SELECTs around it.
        return found.isEmpty() ? null : found.get(found.size() - 1);
    }

    private static boolean contains(SqlParserPos outer, SqlParserPos inner) {
        return compare(outer.getLineNum(), outer.getColumnNum(), inner.getLineNum(), inner.getColumnNum()) <= 0
                && compare(inner.getLineNum(), inner.getColumnNum(), outer.getEndLineNum(),
                        outer.getEndColumnNum()) <= 0;
    }

    private static int compare(int line1, int column1, int line2, int column2) {
        return line1 != line2 ? Integer.compare(line1, line2) : Integer.compare(column1, column2);
    }

    private static List<String> functionNames() {
        List<String> functions = new ArrayList<>();
        for (SqlOperator operator : Validation.OPERATORS.getOperatorList()) {
            String name = operator.getName();
            if (!name.isEmpty() && Character.isLetter(name.charAt(0)) && !functions.contains(name)) {
                functions.add(name);
            }
        }
        return functions;
    }

    /** Calcite's type strings without the character-set noise, and tables shown as TABLE. */
    private static String cleanType(String text) {
        String clean = CHARACTER_SET.matcher(text).replaceAll("");
        clean = RECORD_TYPE.matcher(clean).replaceAll("TABLE");
        return clean.replace("<COLUMN_LIST>", "<DESCRIPTOR>");
    }

    private static String decapitalize(String text) {
        if (text.isEmpty() || (text.length() > 1 && Character.isUpperCase(text.charAt(1)))) {
            return text;
        }
        return text.substring(0, 1).toLowerCase(Locale.ROOT) + text.substring(1);
    }
}
