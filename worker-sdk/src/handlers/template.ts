import { NonRetryableError } from "../errors.ts";

export type TemplateVars = Readonly<Record<string, string | number | boolean>>;

const PLACEHOLDER = /\{\{\s*([A-Za-z0-9_.-]+)\s*\}\}/g;

const HTML_ESCAPES: Record<string, string> = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" };

/**
 * Replaces `{{name}}` placeholders with `vars[name]`. A placeholder without a value fails the job
 * for good (`field` names the template): a mail saying "Hello ," is worse than no mail. With
 * `html`, values are escaped so that a variable cannot inject markup.
 */
export function renderTemplate(template: string, vars: TemplateVars, field: string, opts: { html?: boolean } = {}): string {
  return template.replace(PLACEHOLDER, (_, name: string) => {
    if (!Object.hasOwn(vars, name)) throw new NonRetryableError(`${field}: no value for {{${name}}} in vars`);
    const value = String(vars[name]);
    return opts.html ? value.replace(/[&<>"']/g, (c) => HTML_ESCAPES[c]!) : value;
  });
}
