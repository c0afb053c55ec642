import { MultiSelect } from "@mantine/core";
import { useDebouncedValue } from "@mantine/hooks";
import { useRef, useState } from "react";
import { useAccounts } from "../clients/api";

interface AccountsMultiSelectProps {
  value: string[];
  onChange: (value: string[]) => void;
  label?: string;
  description?: string;
  error?: React.ReactNode;
  required?: boolean;
}

/**
 * Staff only: several of the client accounts this person may see, searched as they type. The
 * chosen accounts stay listed (with their names) whatever the current search finds.
 */
export function AccountsMultiSelect({ value, onChange, label = "Client accounts", ...props }: AccountsMultiSelectProps) {
  const [search, setSearch] = useState("");
  const [debounced] = useDebouncedValue(search, 250);
  const accounts = useAccounts({ q: debounced || undefined });
  // Names of accounts chosen under an earlier search, so a chip never shows a bare id.
  const known = useRef(new Map<string, string>());
  for (const a of accounts.data?.data ?? []) known.current.set(a.id, a.name);
  const options = new Map((accounts.data?.data ?? []).map((a) => [a.id, a.name]));
  for (const id of value) if (!options.has(id)) options.set(id, known.current.get(id) ?? "Client account");
  return (
    <MultiSelect
      label={label}
      description={props.description}
      placeholder={value.length ? undefined : "Search client accounts"}
      required={props.required}
      searchable
      data={[...options].map(([id, name]) => ({ value: id, label: name }))}
      value={value}
      onChange={onChange}
      searchValue={search}
      onSearchChange={setSearch}
      nothingFoundMessage={accounts.isFetching ? "Loading…" : "No client account found"}
      error={props.error}
      hidePickedOptions
      comboboxProps={{ withinPortal: true }}
    />
  );
}
