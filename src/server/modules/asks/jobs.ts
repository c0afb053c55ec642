import { Type } from "typebox";
import { ZId } from "../../../common/schemas";
import { defineJob } from "../../platform/jobs";

/** At an ask's deadline: expire it unless it was answered or cancelled first (then skipped). */
export const expireAsk = defineJob({
  id: "ask.expire",
  version: 1,
  payload: Type.Object({ askId: ZId }),
  dedupeKey: (p) => `ask.expire:${p.askId}`,
});

/** ASK_SECRET_MINUTES after a secret answer: purge it unless the agent marked it used first. */
export const purgeAskSecret = defineJob({
  id: "ask.purge_secret",
  version: 1,
  payload: Type.Object({ askId: ZId }),
  dedupeKey: (p) => `ask.purge_secret:${p.askId}`,
});
