import { IconTags } from "@tabler/icons-react";
import { ZCreateCategoryRequest } from "../../../../common/tickets";
import { OrderedListAdmin } from "../../../components/OrderedListAdmin";
import { PageHeader } from "../../../components/PageHeader";
import { maxLengthOf } from "../../../lib/limits";
import { useAdminCategories, useCreateCategory, useUpdateCategory } from "../api";

export function TicketCategoriesPage() {
  const categories = useAdminCategories();
  const create = useCreateCategory();
  const update = useUpdateCategory();
  return (
    <>
      <PageHeader
        title="Ticket categories"
        description="The categories clients choose from when they raise a ticket, in this order. Disabled categories stay on existing tickets but cannot be chosen."
      />
      <OrderedListAdmin
        query={categories}
        create={create}
        update={update}
        singular="category"
        plural="categories"
        addLabel="New category"
        addPlaceholder="e.g. Website issue"
        listLabel="Ticket categories, in the order clients see them"
        emptyTitle="No categories yet"
        emptyText="Add the kinds of issues clients raise, such as “Website issue” or “Billing”."
        emptyIcon={<IconTags size={26} />}
        maxNameLength={maxLengthOf(ZCreateCategoryRequest, "name")}
      />
    </>
  );
}
