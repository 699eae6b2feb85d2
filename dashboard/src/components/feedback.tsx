import { useRef, useState, type ReactNode } from "react";
import { describeError } from "../api/transport.ts";

/** An error as a person reads it: what happened, the server's words, and what to do. */
export function ErrorPanel({ error, what }: { error: unknown; what?: string }) {
  const { title, detail } = describeError(error);
  return (
    <div className="panel error" role="alert">
      <strong>{title}</strong>
      {what ? ` while loading ${what}` : ""}: {detail}
    </div>
  );
}

export function Loading({ what }: { what: string }) {
  return (
    <p className="muted" role="status">
      Loading {what}…
    </p>
  );
}

export function Empty({ children }: { children: ReactNode }) {
  return <p className="panel empty">{children}</p>;
}

interface ActionButtonProps {
  label: string;
  /** Why the action is not allowed (scope, state); the button is disabled and says so. */
  disabledReason?: string | undefined;
  /** Asked in a dialog before `onConfirm` runs; without it the action runs at once. */
  confirm?: string;
  onConfirm: () => Promise<unknown> | void;
  danger?: boolean;
}

/** A button for an action: disabled with its reason shown, confirmed in a dialog, errors shown next to it. */
export function ActionButton({ label, disabledReason, confirm, onConfirm, danger }: ActionButtonProps) {
  const dialog = useRef<HTMLDialogElement>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const run = async () => {
    setBusy(true);
    setError(null);
    try {
      await onConfirm();
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };
  return (
    <span className="action">
      <button
        type="button"
        className={danger ? "danger" : undefined}
        disabled={disabledReason !== undefined || busy}
        aria-disabled={disabledReason !== undefined}
        title={disabledReason}
        onClick={() => (confirm ? dialog.current?.showModal() : void run())}
      >
        {busy ? `${label}…` : label}
      </button>
      {disabledReason ? <span className="reason">{disabledReason}</span> : null}
      {error ? <span className="reason error-text" role="alert">{describeError(error).detail}</span> : null}
      {confirm ? (
        <dialog ref={dialog} aria-label={label}>
          <form method="dialog">
            <p>{confirm}</p>
            <div className="row">
              <button value="cancel" autoFocus>
                Keep as is
              </button>
              <button
                value="confirm"
                className={danger ? "danger" : "primary"}
                onClick={() => {
                  void run();
                }}
              >
                {label}
              </button>
            </div>
          </form>
        </dialog>
      ) : null}
    </span>
  );
}
