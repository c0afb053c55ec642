import type { TMe, TUser, TUserState } from "../../../common/schemas";
import type { UserRow } from "../../platform/db/schema";
import type { UserWithAccount } from "./queries";

/** The state a person reads in the admin's list, derived from status and timestamps. */
export function userState(user: Pick<UserRow, "status" | "password_hash" | "email_verified_at">): TUserState {
  switch (user.status) {
    case "active":
      return "active";
    case "suspended":
      return "suspended";
    case "pending":
      if (user.password_hash === null) return "invited";
      return user.email_verified_at === null ? "awaiting_activation" : "awaiting_approval";
    default: {
      const exhaustive: never = user.status;
      throw new Error(`unknown status ${exhaustive}`);
    }
  }
}

/** Never return rows: the password hash and internal fields stay on the server. */
export function presentUser(user: UserWithAccount): TUser {
  return {
    id: user.id,
    email: user.email,
    username: user.username,
    name: user.name,
    phone: user.phone,
    role: user.role,
    status: user.status,
    state: userState(user),
    accountId: user.account_id,
    accountName: user.account_name,
    company: user.company,
    createdAt: user.created_at,
    lastLoginAt: user.last_login_at,
  };
}

export function presentMe(user: UserWithAccount): TMe {
  return {
    id: user.id,
    email: user.email,
    username: user.username,
    name: user.name,
    role: user.role,
    accountId: user.account_id,
    accountName: user.account_name,
    lastLoginAt: user.last_login_at,
  };
}
