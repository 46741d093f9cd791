<#--
  Sluice's DDL: the productions listed in config.fmpp. They build the node classes of dev.sluice.planner.sql;
  checks that need more than syntax (duplicate names, types, the watermark's column) belong to the catalog, where
  the error can name the table and the column.
-->

/**
 * CREATE TABLE name ( element [, element]* ) [ WITH ( 'key' = 'value' [, ...] ) ]
 * where an element is a physical column, a computed column or the watermark.
 */
SqlCreate SqlCreateTable(Span s, boolean replace) :
{
    final SqlIdentifier name;
    final Span elementsSpan;
    final List<SqlNode> elements = new ArrayList<SqlNode>();
    SqlNodeList options = null;
}
{
    <TABLE> name = CompoundIdentifier()
    <LPAREN> { elementsSpan = span(); }
    TableElement(elements)
    ( <COMMA> TableElement(elements) )*
    <RPAREN>
    [ <WITH> options = TableOptions() ]
    {
        return new SqlCreateTable(s.end(this), replace, name, new SqlNodeList(elements, elementsSpan.end(this)),
            options == null ? SqlNodeList.EMPTY : options);
    }
}

void TableElement(List<SqlNode> elements) :
{
    final SqlIdentifier name;
    final SqlNode expression;
    final SqlDataTypeSpec type;
    boolean notNull = false;
    final Span s;
}
{
    (
        LOOKAHEAD(2)
        <WATERMARK> { s = span(); } <FOR> name = SimpleIdentifier() <AS>
        expression = Expression(ExprContext.ACCEPT_NON_QUERY) {
            elements.add(new SqlWatermark(s.end(this), name, expression));
        }
    |
        LOOKAHEAD(2)
        name = SimpleIdentifier() { s = span(); } <AS>
        expression = Expression(ExprContext.ACCEPT_NON_QUERY) {
            elements.add(new SqlComputedColumn(s.end(this), name, expression));
        }
    |
        name = SimpleIdentifier() { s = span(); }
        type = DataType()
        [ <NOT> <NULL> { notNull = true; } ]
        {
            elements.add(new SqlPhysicalColumn(s.end(this), name, type, notNull));
        }
    )
}

SqlNodeList TableOptions() :
{
    final Span s;
    final List<SqlNode> options = new ArrayList<SqlNode>();
    SqlNode option;
}
{
    <LPAREN> { s = span(); }
    [
        option = TableOption() { options.add(option); }
        ( <COMMA> option = TableOption() { options.add(option); } )*
    ]
    <RPAREN>
    {
        return new SqlNodeList(options, s.end(this));
    }
}

SqlNode TableOption() :
{
    final SqlNode key;
    final SqlNode value;
    final Span s;
}
{
    key = StringLiteral() { s = Span.of(key); }
    <EQ>
    value = StringLiteral()
    {
        return new SqlTableOption(s.end(value), key, value);
    }
}

/** CREATE VIEW name [ ( column [, column]* ) ] AS query */
SqlCreate SqlCreateView(Span s, boolean replace) :
{
    final SqlIdentifier name;
    SqlNodeList columns = null;
    final SqlNode query;
}
{
    <VIEW> name = CompoundIdentifier()
    [ columns = ParenthesizedSimpleIdentifierList() ]
    <AS> query = OrderedQueryOrExpr(ExprContext.ACCEPT_QUERY)
    {
        return new SqlCreateView(s.end(this), replace, name, columns, query);
    }
}

/** SET 'key' = 'value': a query setting, in the Flink SQL client's syntax. */
SqlNode SqlSetting() :
{
    final Span s;
    final SqlNode key;
    final SqlNode value;
}
{
    <SET> { s = span(); }
    key = StringLiteral()
    <EQ>
    value = StringLiteral()
    {
        return new SqlSetting(s.end(this), key, value);
    }
}
