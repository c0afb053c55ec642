import { IconListCheck } from "@tabler/icons-react";
import { ZCreateRequestTypeRequest } from "../../../../common/board";
import { OrderedListAdmin } from "../../../components/OrderedListAdmin";
import { PageHeader } from "../../../components/PageHeader";
import { maxLengthOf } from "../../../lib/limits";
import { useAdminRequestTypes, useCreateRequestType, useUpdateRequestType } from "../api";

export function RequestTypesPage() {
  const types = useAdminRequestTypes();
  const create = useCreateRequestType();
  const update = useUpdateRequestType();
  return (
    <>
      <PageHeader
        title="Request types"
        description="The types of work clients choose from when they submit a Website Work Request, in this order. A disabled type stays on existing tasks but cannot be chosen."
      />
      <OrderedListAdmin
        query={types}
        create={create}
        update={update}
        singular="request type"
        plural="request types"
        addLabel="New request type"
        addPlaceholder="e.g. Content Updates"
        listLabel="Request types, in the order clients see them"
        emptyTitle="No request types yet"
        emptyText="Add the kinds of work clients ask for, such as “Content Updates” or “Design Changes”."
        emptyIcon={<IconListCheck size={26} />}
        maxNameLength={maxLengthOf(ZCreateRequestTypeRequest, "name")}
      />
    </>
  );
}
