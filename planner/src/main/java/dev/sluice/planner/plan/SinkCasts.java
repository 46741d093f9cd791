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
 * Makes every branch of an INSERT produce exactly the sink's column types, with explicit CASTs.
 *
 * <p>The validator casts where the INSERT's columns are not assignable as they are, but leaves the rest to the
 * engine: an INT branch of a UNION ALL whose other branch is BIGINT, a CHAR literal into a VARCHAR column, an
 * INT into a BIGINT column. Sink writers then receive exactly the Arrow types of the sink's DDL, so they never
 * convert, and the plan shows every conversion.
 */
public final class SinkCasts {
    private SinkCasts() {
    }

    /** {@code modify} with a casting projection on each branch whose column types are not the sink's. */
    public static TableModify apply(TableModify modify) {
        CatalogTable sink = PlanTranslator.catalogTable(modify.getTable());
        RelNode input = modify.getInput();
        RelNode cast;
        if (input instanceof Union union) {
            List<RelNode> branches = new ArrayList<>();
            for (RelNode branch : union.getInputs()) {
                branches.add(cast(branch, sink));
            }
            cast = union.copy(union.getTraitSet(), branches);
        } else {
            cast = cast(input, sink);
        }
        return cast == input ? modify : (TableModify) modify.copy(modify.getTraitSet(), List.of(cast));
    }

    private static RelNode cast(RelNode branch, CatalogTable sink) {
        List<PhysicalColumn> columns = sink.physicalColumns();
        List<RelDataTypeField> fields = branch.getRowType().getFieldList();
        if (fields.size() != columns.size()) {
            throw new IllegalStateException("INSERT into " + sink.name() + " produces " + fields.size()
                    + " columns for " + columns.size() + " sink columns: " + branch.getRowType());
        }
        RexBuilder rexBuilder = branch.getCluster().getRexBuilder();
        List<RexNode> projections = new ArrayList<>();
        List<String> names = new ArrayList<>();
        boolean casts = false;
        for (int i = 0; i < fields.size(); i++) {
            RelDataType type = fields.get(i).getType();
            PhysicalColumn column = columns.get(i);
            RexNode field = rexBuilder.makeInputRef(branch, i);
            names.add(column.name());
            if (ColumnType.of(type).equals(Optional.of(column.type()))) {
                projections.add(field);
            } else {
                // The value's own nullability: a cast does not make NULLs go away.
                RelDataType target = column.type().toRelDataType(rexBuilder.getTypeFactory(), type.isNullable());
                projections.add(rexBuilder.makeCast(target, field));
                casts = true;
            }
        }
        return casts ? LogicalProject.create(branch, List.of(), projections, names, Set.of()) : branch;
    }
}
