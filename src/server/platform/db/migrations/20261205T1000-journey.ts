import type { Kysely } from "kysely";
import { newId } from "../../ids";

/** The seed's three steps, in its words ("Start here", "Complete setup", "Stay informed"). */
export const SEED_JOURNEY_STEPS = [
  {
    builtin: "account",
    title: "Create your account",
    body: "Register with your correct email and contact details. Once your account is active, log in to reach your dashboard, where all client actions, updates, and notices will be centralized.",
    action_label: null,
    action_path: null,
    rule: "account_active",
  },
  {
    builtin: "onboarding",
    title: "Complete onboarding",
    body: "Fill in the onboarding form with accurate personal information, work preferences, resume details, and any files or instructions your team needs before work begins.",
    action_label: "Open the onboarding form",
    action_path: "/onboarding",
    rule: "onboarding_approved",
  },
  {
    builtin: "stay_active",
    title: "Stay active in your dashboard",
    body: "Your assigned agent can share work updates, notes, and draft material inside the system. Review them regularly so you do not miss approvals, edits, or important next actions.",
    action_label: "See your updates",
    action_path: "/updates",
    rule: "ongoing",
  },
] as const;

type Seedable = Kysely<{
  journey_steps: {
    id: string;
    builtin: string | null;
    title: string;
    body: string;
    action_label: string | null;
    action_path: string | null;
    position: number;
    enabled: number;
    rule: string;
    created_at: string;
    updated_at: string;
  };
}>;

/**
 * The client journey: the steps (seeded with the seed's three) and staff moves per client. The
 * automatic rules read what already exists: active client users (users_account_idx) and the
 * account's approved onboarding submissions (the onboarding module's index).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable("journey_steps")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("builtin", "text")
    .addColumn("title", "text", (c) => c.notNull())
    .addColumn("body", "text", (c) => c.notNull())
    .addColumn("action_label", "text")
    .addColumn("action_path", "text")
    .addColumn("position", "integer", (c) => c.notNull())
    .addColumn("enabled", "integer", (c) => c.notNull().defaultTo(1))
    /** account_active | onboarding_approved | manual | ongoing (src/common/journey.ts) */
    .addColumn("rule", "text", (c) => c.notNull())
    .addColumn("created_at", "text", (c) => c.notNull())
    .addColumn("updated_at", "text", (c) => c.notNull())
    .addUniqueConstraint("journey_steps_builtin_unique", ["builtin"])
    .execute();
  await db.schema.createIndex("journey_steps_position_idx").on("journey_steps").columns(["position", "id"]).execute();

  const now = new Date().toISOString();
  await (db as unknown as Seedable)
    .insertInto("journey_steps")
    .values(SEED_JOURNEY_STEPS.map((s, position) => ({ id: newId(), ...s, position, enabled: 1, created_at: now, updated_at: now })))
    .execute();

  await db.schema
    .createTable("journey_overrides")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("account_id", "text", (c) => c.notNull().references("client_accounts.id"))
    .addColumn("step_id", "text", (c) => c.notNull().references("journey_steps.id"))
    /** done | not_done | auto */
    .addColumn("to_state", "text", (c) => c.notNull())
    .addColumn("reason", "text", (c) => c.notNull())
    .addColumn("actor_id", "text", (c) => c.references("users.id"))
    .addColumn("created_at", "text", (c) => c.notNull())
    .execute();
  // One client's moves, step by step, newest last: the journey read.
  await db.schema.createIndex("journey_overrides_account_idx").on("journey_overrides").columns(["account_id", "step_id", "id"]).execute();
  await db.schema.createIndex("journey_overrides_step_idx").on("journey_overrides").column("step_id").execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable("journey_overrides").execute();
  await db.schema.dropTable("journey_steps").execute();
}
