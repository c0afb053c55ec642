/**
 * Test factories (as Outline's `buildUser()`, `buildShare(overrides)`): each makes one thing
 * through the real services, creating the parents it needs (an account, a client contact, an
 * agent of the account) when they are not given, and returns what tests look at — ids,
 * numbers, the people it created and the id of the event it recorded.
 */

export { buildInvoice, type InvoiceOverrides } from "./billing";
export {
  actorFor,
  assignAgent,
  buildAccount,
  buildUser,
  type Person,
  TEST_PASSWORD,
} from "./people";
export { login, type Session } from "./sessions";
export { type BuiltTask, buildComment, buildTask, type TaskOverrides } from "./tasks";
export {
  type BuiltTicket,
  buildReply,
  buildTicket,
  closeTicketAs,
  reopenTicketAs,
  type TicketOverrides,
  updateTicketAs,
} from "./tickets";
