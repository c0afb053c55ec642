import { NativeSelect } from "@mantine/core";
import { notifications } from "@mantine/notifications";
import type { TTaskCard } from "../../../common/board";
import { useReferences } from "../../api/branding";
import { errorMessage } from "../../api/client";
import { useAssignees, useUpdateTask } from "./api";

/**
 * Who handles the task, for the task page's details, shown only where `policies.assign` allows:
 * staff choose from the people who may handle this client's work — its agents and the admins, as
 * the server checks — and it saves on change (as a ticket's assignee does). Everyone else reads
 * the name in the details (TaskFacts).
 */
export function AssigneeSelect({ task }: { task: Pick<TTaskCard, "id" | "number" | "account" | "assignee"> }) {
  const references = useReferences();
  const update = useUpdateTask(task.id);
  const eligible = useAssignees(task.account.id);
  const options = (eligible.data?.data ?? []).map((person) => ({
    value: person.id,
    label: person.role === "admin" ? `${person.name} (admin)` : person.name,
  }));
  // Someone who can no longer be chosen (suspended, taken off the account) still shows as the current value.
  if (task.assignee && !options.some((o) => o.value === task.assignee?.id)) {
    options.unshift({ value: task.assignee.id, label: task.assignee.name });
  }
  const pending = update.isPending ? update.variables?.assigneeId : undefined;
  return (
    <NativeSelect
      label="Handled by"
      description={
        eligible.isSuccess && eligible.data.data.every((p) => p.role === "admin")
          ? "No agent works this client yet: an admin can take it."
          : "The agents who work this client, and the admins."
      }
      value={pending !== undefined ? (pending ?? "") : (task.assignee?.id ?? "")}
      disabled={update.isPending}
      data={[{ value: "", label: eligible.isPending ? "Loading…" : "Nobody yet" }, ...options]}
      onChange={(event) => {
        const value = event.currentTarget.value || null;
        const label = options.find((o) => o.value === value)?.label;
        update.mutate(
          { assigneeId: value },
          {
            onSuccess: () =>
              notifications.show({
                color: "green",
                title: `${references.task(task.number)} updated`,
                message: label ? `Handled by ${label}` : "Nobody handles it now",
              }),
            onError: (error) =>
              notifications.show({ color: "red", title: "Could not change who handles it", message: errorMessage(error) }),
          },
        );
      }}
    />
  );
}
