package io.slot2kinesis.check;

import io.slot2kinesis.change.TableId;
import io.slot2kinesis.config.WorkerConfig;
import io.slot2kinesis.mapping.TableGroupConflictException;
import io.slot2kinesis.mapping.TableGroups;
import io.slot2kinesis.replication.CatalogTable;
import io.slot2kinesis.replication.SlotManager;
import io.slot2kinesis.replication.SlotState;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Predicate;

/**
 * With table groups: each group's slot (named as the deployment names it, {@code <S2K_SLOT>_<group>}), with its
 * confirmed position and the WAL it holds back, how many selected tables each group has, and every table two groups
 * claim. The lag of each slot is what shows whether splitting pays off: one group far behind the others is the one to
 * split further.
 */
final class GroupSlots {
    private final WorkerConfig config;
    private final TableGroups groups;
    private final Predicate<TableId> mappingSelection;

    GroupSlots(WorkerConfig config, TableGroups groups, Predicate<TableId> mappingSelection) {
        this.config = config;
        this.groups = groups;
        this.mappingSelection = mappingSelection;
    }

    /** Adds the findings; returns false when two groups claim a table (the per-table checks are then skipped). */
    boolean report(SlotManager manager, List<CatalogTable> catalog, List<Finding> findings) throws SQLException {
        Map<String, Integer> tables = new TreeMap<>();
        boolean consistent = true;
        for (CatalogTable table : catalog) {
            if (!mappingSelection.test(table.id()) || table.id().equals(config.load().signalTable())) {
                continue;
            }
            try {
                tables.merge(groups.groupOf(table.id()).name(), 1, Integer::sum);
            } catch (TableGroupConflictException e) {
                findings.add(Finding.fail("table " + table.id().qualified(), e.getMessage(),
                        "change the patterns in " + groups.sourceName() + " so that at most one group matches it"));
                consistent = false;
            }
        }
        for (TableGroups.Group group : groups.groups()) {
            String slot = config.slotOfGroup(group.name());
            String subject = "group " + group.name() + (group.name().equals(config.group()) ? " (this)" : "");
            String count = tables.getOrDefault(group.name(), 0) + " table(s)" + (group.isDefault() ? ", default" : "");
            Optional<SlotState> state = manager.slotState(slot);
            if (state.isEmpty()) {
                findings.add(Finding.ok(subject, count + "; slot " + slot + " absent: its worker creates it"));
                continue;
            }
            SlotState found = state.get();
            findings.add(Finding.ok(subject, count + "; slot " + slot + (found.active() ? " active (PID "
                    + found.activePid() + ")" : " inactive") + ", confirmed " + found.confirmedFlush().asString()
                    + ", lag " + found.lagBytes() + " bytes"));
        }
        return consistent;
    }
}
