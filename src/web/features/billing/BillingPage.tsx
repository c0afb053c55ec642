import { isStaff, useMe } from "../../api/session";
import { AgencyBilling } from "./AgencyBilling";
import { ClientBilling } from "./ClientBilling";

/** /billing — a client: what is due, paid history, credit notes; staff: the agency's figures and every invoice in their scope. */
export function BillingPage() {
  return isStaff(useMe()) ? <AgencyBilling /> : <ClientBilling />;
}
