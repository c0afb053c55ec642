/** The journey module's tables (migration 20261205T1000-journey). */
import type { TJourneyRule } from "../../../../common/journey";

export interface JourneyTables {
  journey_steps: JourneyStepsTable;
  journey_overrides: JourneyOverridesTable;
}

/** The steps every client sees, in `position` order; the admin controls them. */
export interface JourneyStepsTable {
  id: string;
  /** The seeded steps' key ("account", "onboarding", "stay_active"): can be turned off, never deleted. Null: a custom step. */
  builtin: string | null;
  title: string;
  body: string;
  action_label: string | null;
  action_path: string | null;
  position: number;
  /** 0/1 */
  enabled: number;
  rule: TJourneyRule;
  created_at: string;
  updated_at: string;
}

/**
 * Staff moves of one client on one step, kept as history; the newest row for (account, step)
 * decides, and `auto` hands the step back to its rule.
 */
export interface JourneyOverridesTable {
  id: string;
  account_id: string;
  step_id: string;
  to_state: "done" | "not_done" | "auto";
  reason: string;
  actor_id: string | null;
  created_at: string;
}
