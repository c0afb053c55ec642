import { JOURNEY_EVENTS } from "../../../common/events/journey";
import type { ModuleDescriptor } from "../module";
import { journeyTopic } from "./notification-topic";
import { journeyRoutes } from "./routes";
import { journeyNextActions } from "./service";

/** The client journey of seed 000: the steps a client sees, controlled by the admin. */
export const journeyModule: ModuleDescriptor = {
  name: "journey",
  routes: journeyRoutes,
  events: JOURNEY_EVENTS,
  notifications: [journeyTopic],
  nextActions: journeyNextActions,
};
