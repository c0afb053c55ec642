/** The client journey of seed 000: the steps a client sees, controlled by the admin. */
import type { EventCatalogue } from "./catalogue";

interface StepRef {
  stepId: string;
  stepTitle: string;
}

export interface JourneyEventPayloads {
  /**
   * Staff moved a client on or back on a step (object: the account's journey, `journey`/account id).
   * `to` is the step's state after the move; `automatic` says the override was cleared and the
   * step's rule decides again. Staff only: the reason is the agency's own words.
   */
  "journey.step_moved": StepRef & { to: "done" | "not_done"; reason: string; automatic?: boolean };
  /** What the client hears when staff mark a step done: no reason (that stays with the agency). */
  "journey.step_done": StepRef;
  "journey_step.created": StepRef;
  "journey_step.updated": StepRef & { before: Record<string, unknown>; after: Record<string, unknown> };
  "journey_step.deleted": StepRef;
  "journey_step.reordered": { ids: string[] };
}

export const JOURNEY_EVENTS: EventCatalogue<JourneyEventPayloads> = {
  "journey.step_moved": { label: "Client journey step moved", audience: "staff" },
  "journey.step_done": { label: "Journey step done", audience: "client", notify: "journey.step" },
  "journey_step.created": { label: "Journey step added", audience: "staff", category: "audit" },
  "journey_step.updated": { label: "Journey step changed", audience: "staff", category: "audit" },
  "journey_step.deleted": { label: "Journey step deleted", audience: "staff", category: "audit" },
  "journey_step.reordered": { label: "Journey steps reordered", audience: "staff", category: "audit" },
};
