import { Select } from "@mantine/core";
import { useDebouncedValue } from "@mantine/hooks";
import { useState } from "react";
import { useAccount, useAccounts } from "../features/clients/api";

interface ClientSelectProps {
  value: string;
  onChange: (value: string) => void;
  label?: string;
  description?: string;
  placeholder?: string;
  /** A filter ("All clients" when empty) rather than a required choice. */
  clearable?: boolean;
  required?: boolean;
  error?: React.ReactNode;
  w?: number | string | Record<string, number | string>;
  /** An account not to offer (merging an account into itself makes no sense). */
  exclude?: string;
}

/**
 * Staff only: one of the client accounts this person may see, searched as they type. The chosen
 * account stays listed even when the current search would not find it.
 */
export function ClientSelect({ value, onChange, label = "Client", clearable, ...props }: ClientSelectProps) {
  const [search, setSearch] = useState("");
  const [debounced] = useDebouncedValue(search, 250);
  const accounts = useAccounts({ q: debounced || undefined });
  const selected = useAccount(value);
  const options = (accounts.data?.data ?? []).filter((a) => a.id !== props.exclude).map((a) => ({ value: a.id, label: a.name }));
  const current = value ? selected.data?.data.account : undefined;
  if (current && !options.some((o) => o.value === current.id)) options.unshift({ value: current.id, label: current.name });
  return (
    <Select
      label={label}
      description={props.description}
      placeholder={props.placeholder ?? (clearable ? "All clients" : "Search client accounts")}
      required={props.required}
      searchable
      clearable={clearable}
      data={options}
      value={value || null}
      onChange={(next) => onChange(next ?? "")}
      searchValue={search}
      onSearchChange={setSearch}
      nothingFoundMessage={accounts.isFetching ? "Loading…" : "No client account found"}
      error={props.error}
      w={props.w}
      comboboxProps={{ withinPortal: true }}
    />
  );
}
