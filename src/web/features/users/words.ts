/** People in words: how a last log-in and a person's state read, and who may work a client account. */
import type { TRole, TUserState } from "../../../common/schemas";
import { formatDateTime, STATE_LABELS } from "../../lib/format";

/**
 * "Last log-in" as a person reads it. Whoever looks at their own row or Account page is logged in
 * right now, so they never read "Never": every log-in is recorded, and when none is (an account
 * that started before setup recorded it) the answer is this very session.
 */
export function lastLoginLabel(lastLoginAt: string | null, isSelf: boolean): string {
  if (lastLoginAt) return formatDateTime(lastLoginAt);
  return isSelf ? "Now (this session)" : "Never";
}

/** Who may be assigned to work a client account, as the server decides: staff who are not suspended. */
export function isAssignable(user: { role: TRole; state: TUserState }): boolean {
  return user.role !== "client" && user.state !== "suspended";
}

/** A person's name with their state when it is not plain "active": "Ivy Ng (invited)". */
export function nameWithState(user: { name: string; state: TUserState }): string {
  return user.state === "active" ? user.name : `${user.name} (${STATE_LABELS[user.state].toLowerCase()})`;
}
