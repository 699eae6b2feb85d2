import type { KeyboardEvent } from "react";

/**
 * Arrow keys, Home and End move the focus between the rows of a list (rows are `tr[tabindex]` or
 * `[data-row]`); Enter on a row follows its link. Put it on the table's onKeyDown.
 */
export function onListKeyDown(event: KeyboardEvent<HTMLElement>): void {
  const rows = [...event.currentTarget.querySelectorAll<HTMLElement>("[data-row]")];
  const index = rows.indexOf(document.activeElement as HTMLElement);
  const focus = (i: number) => {
    event.preventDefault();
    rows[Math.max(0, Math.min(rows.length - 1, i))]?.focus();
  };
  if (event.key === "ArrowDown") focus(index + 1);
  else if (event.key === "ArrowUp") focus(index - 1);
  else if (event.key === "Home") focus(0);
  else if (event.key === "End") focus(rows.length - 1);
  else if (event.key === "Enter" && index >= 0 && event.target === rows[index]) {
    rows[index]!.querySelector<HTMLAnchorElement>("a")?.click();
  }
}
