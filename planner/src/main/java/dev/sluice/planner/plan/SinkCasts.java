package dev.sluice.planner.plan;

import dev.sluice.planner.catalog.CatalogTable;
import dev.sluice.planner.catalog.ColumnType;
import dev.sluice.planner.catalog.PhysicalColumn;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.apache.calcite.rel.RelNode;
import org.apache.calcite.rel.core.TableModify;
import org.apache.calcite.rel.core.Union;
import org.apache.calcite.rel.logical.LogicalProject;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rel.type.RelDataTypeField;
import org.apache.calcite.rex.RexBuilder;
import org.apache.calcite.rex.RexNode;

/**
 * Makes every branch of an INSERT produce exactly the sink's column types, with explicit CASTs; and every branch of
 * a UNION ALL below an aggregation exactly the union's types.
 *
 * <p>The validator casts where the INSERT's columns are not assignable as they are, but leaves the rest to the
 * engine: an INT branch of a UNION ALL whose other branch is BIGINT, a CHAR literal into a VARCHAR column, an
 * INT into a BIGINT column. Sink writers then receive exactly the Arrow types of the sink's DDL, so they never
 * convert, and the plan shows every conversion. Likewise every pipeline of a stateful query produces exactly the
 * aggregation's input types, whichever branch of the union it runs.
 */
public final class SinkCasts {
    private SinkCasts() {
    }

    /** A column a branch must produce: its name and type. */
    private record Target(String name, Optional<ColumnType> type) {
    }

    /**
     * {@code modify} with a casting projection on each branch whose column types are not the sink's, and on each
     * branch of a union further down whose column types are not the union's.
     */
    public static TableModify apply(TableModify modify) {
        CatalogTable sink = PlanTranslator.catalogTable(modify.getTable());
        List<Target> sinkColumns = new ArrayList<>();
        for (PhysicalColumn column : sink.physicalColumns()) {
            sinkColumns.add(new Target(column.name(), Optional.of(column.type())));
        }
        RelNode input = modify.getInput();
        RelNode cast;
        if (input instanceof Union union) {
            List<RelNode> branches = new ArrayList<>();
            for (RelNode branch : union.getInputs()) {
                branches.add(cast(castInnerUnions(branch), sinkColumns, sink.name()));
            }
            cast = union.copy(union.getTraitSet(), branches);
        } else {
            cast = cast(castInnerUnions(input), sinkColumns, sink.name());
        }
        return cast == input ? modify : (TableModify) modify.copy(modify.getTraitSet(), List.of(cast));
    }

    /** {@code rel} with each union below it casting its branches to the union's own column types. */
    private static RelNode castInnerUnions(RelNode rel) {
        List<RelNode> inputs = new ArrayList<>();
        boolean changed = false;
        for (RelNode input : rel.getInputs()) {
            RelNode cast = castInnerUnions(input);
            inputs.add(cast);
            changed |= cast != input;
        }
        if (rel instanceof Union union) {
            List<Target> columns = new ArrayList<>();
            for (RelDataTypeField field : union.getRowType().getFieldList()) {
                columns.add(new Target(field.getName(), ColumnType.of(field.getType())));
            }
            List<RelNode> branches = new ArrayList<>();
            for (RelNode branch : inputs) {
                RelNode cast = cast(branch, columns, "the UNION ALL");
                branches.add(cast);
                changed |= cast != branch;
            }
            inputs = branches;
        }
        return changed ? rel.copy(rel.getTraitSet(), inputs) : rel;
    }

    private static RelNode cast(RelNode branch, List<Target> columns, String target) {
        List<RelDataTypeField> fields = branch.getRowType().getFieldList();
        if (fields.size() != columns.size()) {
            throw new IllegalStateException(target + " takes " + columns.size() + " columns, but a branch produces "
                    + fields.size() + ": " + branch.getRowType());
        }
        RexBuilder rexBuilder = branch.getCluster().getRexBuilder();
        List<RexNode> projections = new ArrayList<>();
        List<String> names = new ArrayList<>();
        boolean casts = false;
        for (int i = 0; i < fields.size(); i++) {
            RelDataType type = fields.get(i).getType();
            Target column = columns.get(i);
            RexNode field = rexBuilder.makeInputRef(branch, i);
            names.add(column.name());
            // A type with no column type (an unsupported one) is left for the translator to report.
            if (column.type().isEmpty() || ColumnType.of(type).equals(column.type())) {
                projections.add(field);
            } else {
                // The value's own nullability: a cast does not make NULLs go away.
                RelDataType targetType = column.type().get()
                        .toRelDataType(rexBuilder.getTypeFactory(), type.isNullable());
                projections.add(rexBuilder.makeCast(targetType, field));
                casts = true;
            }
        }
        return casts ? LogicalProject.create(branch, List.of(), projections, names, Set.of()) : branch;
    }
}
